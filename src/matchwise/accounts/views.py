"""Sign-up for hosted mode; log in, log out and passwords use Django's own views."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def signup(request: HttpRequest) -> HttpResponse:
    if not settings.MATCHWISE_HOSTED:
        raise Http404("local mode has no accounts")
    if request.method == "POST":
        form = UserCreationForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("pick:profile")
        status = 400
    else:
        form = UserCreationForm()
        status = 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)
