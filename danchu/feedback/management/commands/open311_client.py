"""Create an Open311 api_key for an application (e.g. the provincial 1022 hotline); the key is shown once.

    danchu open311_client "Tổng đài 1022 Cần Thơ"
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danchu.feedback.services import api_client_create


class Command(BaseCommand):
    help = "Tạo api_key Open311 cho một ứng dụng kết nối (chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Tên ứng dụng")

    def handle(self, *args, **options):
        try:
            client, key = api_client_create(name=options["name"], actor="command")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{client.name}: api_key = {key}")
