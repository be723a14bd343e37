from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ptdv.documents"
    verbose_name = "Văn bản, biểu mẫu"
