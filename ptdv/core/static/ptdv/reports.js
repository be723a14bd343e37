// PTĐV reports: draws the dashboard's charts with Chart.js (served by the project) from the JSON the page carries.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = document.getElementById("chart-labels").dataset;
  var red = "#c62828", grey = "#9e9e9e";
  var months = document.getElementById("chart-months");
  if (months) {
    new Chart(months, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: [
          { label: labels.lastYear + " (" + (data.year - 1) + ")", data: data.last_year, backgroundColor: grey },
          { label: labels.thisYear + " (" + data.year + ")", data: data.this_year, backgroundColor: red }
        ]
      },
      options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var occupations = document.getElementById("chart-occupations");
  if (occupations) {
    new Chart(occupations, {
      type: "doughnut",
      data: {
        labels: data.occupations.labels,
        datasets: [{ data: data.occupations.values, backgroundColor: [
          "#c62828", "#ef6c00", "#f9a825", "#2e7d32", "#00838f", "#1565c0", "#6a1b9a", "#ad1457", "#4e342e",
          "#546e7a", "#9e9d24", "#00695c", "#37474f"] }]
      },
      options: { animation: false, plugins: { legend: { position: "bottom" } } }
    });
  }
  document.body.dataset.chartsDrawn = "yes";
});
