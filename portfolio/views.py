from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portfolio.selectors import mission_rows


@login_required
def my_missions(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/my_missions.html", {"rows": mission_rows(request.user)})
