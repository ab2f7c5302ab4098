"""Public API of the legal calendar: count a deadline, list a year's days off and worked weekend days."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .api import ERROR_SCHEMA, error_response
from .calendar_service import MAX_YEAR, MIN_YEAR, compute_due, get_calendar
from .deadlines import RULE_REFERENCE, DeadlineUnit

MAX_AMOUNT = 3650  # ten years of calendar days: far beyond any statutory deadline, cheap to count

ERROR_400 = OpenApiResponse(
    response=ERROR_SCHEMA,
    description=gettext_lazy("Dữ liệu không hợp lệ: {\"error\": {\"code\", \"message\", \"fields\"}}"),
)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only: "5", 5.0 and true are refused instead of being coerced."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class DeadlineComputeInput(serializers.Serializer):
    default_error_messages = {
        "invalid": gettext_lazy("Nội dung phải là một đối tượng JSON có các khóa start, amount, unit.")
    }

    start = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        help_text=gettext_lazy("Ngày xảy ra sự kiện (không tính vào thời hạn), dạng YYYY-MM-DD."),
        error_messages={
            "required": gettext_lazy("Thiếu ngày bắt đầu (start)."),
            "null": gettext_lazy("Thiếu ngày bắt đầu (start)."),
            "invalid": gettext_lazy("Ngày bắt đầu phải là một ngày có thật, dạng YYYY-MM-DD."),
            "datetime": gettext_lazy("Ngày bắt đầu phải là một ngày (YYYY-MM-DD), không kèm giờ."),
        },
    )
    amount = StrictIntegerField(
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=gettext_lazy("Số ngày / ngày làm việc / tháng (0 – %(max)s).") % {"max": MAX_AMOUNT},
        error_messages={
            "required": gettext_lazy("Thiếu độ dài thời hạn (amount)."),
            "null": gettext_lazy("Thiếu độ dài thời hạn (amount)."),
            "invalid": gettext_lazy("Độ dài thời hạn phải là một số nguyên."),
            "min_value": gettext_lazy("Độ dài thời hạn không được âm."),
            "max_value": gettext_lazy("Độ dài thời hạn tối đa là {max_value}."),
            "max_string_length": gettext_lazy("Độ dài thời hạn quá lớn."),
        },
    )
    unit = serializers.ChoiceField(
        choices=DeadlineUnit.choices,
        help_text=gettext_lazy("D = ngày, WD = ngày làm việc, M = tháng."),
        error_messages={
            "required": gettext_lazy("Thiếu đơn vị thời hạn (unit)."),
            "null": gettext_lazy("Thiếu đơn vị thời hạn (unit)."),
            "invalid_choice": gettext_lazy("Đơn vị \"{input}\" không hợp lệ: dùng D, WD hoặc M."),
        },
    )

    def validate_start(self, value: date) -> date:
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise serializers.ValidationError(
                _("Ngày bắt đầu phải trong khoảng năm %(min)s – %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return value


class DayOutput(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField(help_text=gettext_lazy("Tên ngày lễ / lý do; rỗng với ngày nghỉ cuối tuần."))


class DeadlineComputeOutput(serializers.Serializer):
    start = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=DeadlineUnit.choices)
    unit_label = serializers.CharField()
    due = serializers.DateField(help_text=gettext_lazy("Ngày cuối cùng của thời hạn (hết 24 giờ ngày này)."))
    nominal_end = serializers.DateField(help_text=gettext_lazy("Ngày cuối cùng trước khi dời sang ngày làm việc."))
    rolled_forward = serializers.BooleanField(
        help_text=gettext_lazy("Ngày cuối rơi vào ngày nghỉ nên được dời sang ngày làm việc tiếp theo (Điều 148.5).")
    )
    non_working_days_skipped = DayOutput(
        many=True, help_text=gettext_lazy("Các ngày nghỉ sau ngày bắt đầu, đến hết ngày đến hạn.")
    )
    rule = serializers.CharField()


class CalendarYearOutput(serializers.Serializer):
    year = serializers.IntegerField()
    non_working_weekdays = DayOutput(many=True, help_text=gettext_lazy("Ngày nghỉ rơi vào thứ Hai – thứ Sáu."))
    working_weekend_days = DayOutput(many=True, help_text=gettext_lazy("Thứ Bảy / Chủ nhật phải đi làm (làm bù)."))
    source = serializers.CharField()


def _days(dates_and_names) -> list[dict]:
    return [{"date": d, "name": name} for d, name in dates_and_names]


class DeadlineComputeView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="deadlines_compute",
        tags=["calendar"],
        summary=gettext_lazy("Tính ngày hết hạn theo Bộ luật Dân sự Điều 147–148"),
        description=gettext_lazy(
            "Không tính ngày xảy ra sự kiện; nếu ngày cuối cùng là ngày nghỉ thì thời hạn kết thúc vào cuối "
            "ngày làm việc tiếp theo. Đơn vị: D (ngày), WD (ngày làm việc), M (tháng). "
            "amount = 0: đến hạn ngay trong ngày bắt đầu (dời sang ngày làm việc nếu là ngày nghỉ)."
        ),
        request=DeadlineComputeInput,
        responses={200: DeadlineComputeOutput, 400: ERROR_400},
        examples=[OpenApiExample("Qua Tết 2026", value={"start": "2026-02-13", "amount": 5, "unit": "WD"},
                                 request_only=True)],
    )
    def post(self, request):
        try:
            payload = request.data
        except exceptions.UnsupportedMediaType:
            raise exceptions.ParseError(_("Nội dung phải là JSON (Content-Type: application/json).")) from None
        data = DeadlineComputeInput(data=payload)
        data.is_valid(raise_exception=True)
        start, amount, unit = data.validated_data["start"], data.validated_data["amount"], data.validated_data["unit"]
        try:
            result = compute_due(start, amount, unit)
        except ValueError:
            return error_response(
                "out_of_range",
                _("Thời hạn kết thúc ngoài phạm vi lịch hỗ trợ (năm %(min)s – %(max)s).") % {"min": MIN_YEAR, "max": MAX_YEAR},
                fields={"amount": [_("Thời hạn quá dài so với ngày bắt đầu.")]},
            )
        cal = get_calendar(range(start.year, result.due.year + 1))
        out = DeadlineComputeOutput(
            {
                "start": start,
                "amount": amount,
                "unit": result.unit.value,
                "unit_label": str(result.unit.label),
                "due": result.due,
                "nominal_end": result.nominal_end,
                "rolled_forward": result.rolled_forward,
                "non_working_days_skipped": _days((d, cal.name_of(d)) for d in result.non_working_days),
                "rule": RULE_REFERENCE,
            }
        )
        return Response(out.data)


class CalendarYearView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        operation_id="calendar_year",
        tags=["calendar"],
        summary=gettext_lazy("Lịch ngày nghỉ và ngày làm bù của một năm"),
        description=gettext_lazy(
            "Ngày nghỉ lễ rơi vào ngày thường (kể cả ngày nghỉ bù, ngày hoán đổi) và các thứ Bảy / Chủ nhật "
            "phải đi làm, theo gói holidays và bảng điều chỉnh của hệ thống. Năm từ %(min)s đến %(max)s."
        ) % {"min": MIN_YEAR, "max": MAX_YEAR},
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: CalendarYearOutput, 400: ERROR_400},
    )
    def get(self, request, year: str):
        try:
            number = int(year)
        except ValueError:
            number = None
        if number is None or not MIN_YEAR <= number <= MAX_YEAR:
            return error_response(
                "invalid",
                _("Năm không hợp lệ."),
                fields={"year": [_("Năm phải là số nguyên từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}]},
            )
        cal = get_calendar([number])
        out = CalendarYearOutput(
            {
                "year": number,
                "non_working_weekdays": _days(cal.non_working_weekdays(number)),
                "working_weekend_days": _days(cal.working_weekend_days(number)),
                "source": _("Gói holidays (Python) và bảng ngày điều chỉnh của hệ thống"),
            }
        )
        return Response(out.data)
