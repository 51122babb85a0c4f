"""Sign-up for hosted mode and API tokens; log in, log out and passwords use Django's own
views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from matchwise.accounts.models import ApiToken


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


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    """The caller's API tokens: make one (shown once), see when each was last used, revoke."""
    made = None
    status = 200
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if len(name) > 80:
            messages.error(request, "Token name: at most 80 characters.")
            status = 400
        else:
            _, made = ApiToken.issue(request.user, name)
    context = {"tokens": ApiToken.objects.filter(owner=request.user), "made": made}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    row = get_object_or_404(ApiToken, pk=token_id, owner=request.user)
    row.delete()
    messages.success(request, f"Revoked {row}. Scripts using it now get 401.")
    return redirect("tokens")
