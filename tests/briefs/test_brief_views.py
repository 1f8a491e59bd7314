"""The brief screens: who may export and download (through the one policy), the live status
fragment, the download itself, bad input."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.urls import reverse

from briefs.models import Brief
from briefs.services import brief_produce, brief_request
from strategies.services.versions import version_approve

pytestmark = pytest.mark.django_db


def url(name: str, mission, *args) -> str:
    return reverse(f"briefs:{name}", args=[mission.acronym, *args])


FOR_HQ = {"audience": "hq", "recipient": "DPPO desk"}


@pytest.fixture
def ready_brief(mission, strategy, desk, brief_media) -> Brief:
    brief = brief_request(mission=mission, by=desk).brief
    brief_produce(brief.pk)
    brief.refresh_from_db()
    return brief


@pytest.mark.parametrize("persona", ["editor", "reader", "desk"])
def test_members_export_a_brief_and_are_taken_to_its_page(
    client, request, mission, strategy, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(url("export", mission), {"subject": "draft", **FOR_HQ})
    brief = Brief.objects.get(requested_by=user)
    assert response.status_code == 302
    assert response["Location"] == url("detail", mission, brief.pk)
    assert brief.status == "queued" and brief.mission == mission and brief.version is None


def test_an_outsider_gets_404_everywhere(client, outsider, mission, ready_brief):
    client.force_login(outsider)
    assert client.get(url("list", mission)).status_code == 404
    assert client.post(url("export", mission), {"subject": "draft", **FOR_HQ}).status_code == 404
    assert client.get(url("detail", mission, ready_brief.pk)).status_code == 404
    assert client.get(url("status", mission, ready_brief.pk)).status_code == 404
    assert client.get(url("download", mission, ready_brief.pk)).status_code == 404
    assert client.post(url("retry", mission, ready_brief.pk)).status_code == 404
    assert client.post(url("subscription", mission), {"subscribe": "on"}).status_code == 404
    assert not Brief.objects.filter(requested_by=outsider).exists()


def test_a_brief_is_not_reachable_through_another_missions_address(
    client, outsider, other_mission, ready_brief
):
    """The outsider's own mission in the URL does not open someone else's brief."""
    client.force_login(outsider)
    assert client.get(url("download", other_mission, ready_brief.pk)).status_code == 404
    assert client.get(url("detail", other_mission, ready_brief.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, mission, ready_brief):
    response = client.get(url("download", mission, ready_brief.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_download_is_the_stored_pdf_with_its_name_and_checksum(
    client, desk, mission, ready_brief
):
    client.force_login(desk)
    response = client.get(url("download", mission, ready_brief.pk))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    made_on = ready_brief.finished_at.astimezone(mission.zone).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="UNTEST-brief-working-draft-for-hq-{made_on:%Y-%m-%d}.pdf"'
    )
    assert body.startswith(b"%PDF-")
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    assert "private" in response["Cache-Control"]


def test_a_brief_that_is_not_ready_cannot_be_downloaded(client, desk, mission, strategy):
    brief = brief_request(mission=mission, by=desk).brief
    client.force_login(desk)
    assert client.get(url("download", mission, brief.pk)).status_code == 404


def test_the_status_fragment_polls_until_ready_then_offers_the_download(
    client, desk, mission, strategy, brief_media
):
    client.force_login(desk)
    response = client.post(
        url("export", mission), {"subject": "draft", **FOR_HQ}, HTTP_HX_REQUEST="true"
    )
    brief = Brief.objects.get(requested_by=desk)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html and "Queued" in html
    assert url("status", mission, brief.pk) in html

    brief_produce(brief.pk)
    html = client.get(url("status", mission, brief.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html  # polling stops
    assert "Ready" in html and url("download", mission, brief.pk) in html


def test_a_failed_brief_shows_its_reason_and_a_retry_button(client, desk, mission, strategy):
    brief = brief_request(mission=mission, by=desk).brief
    Brief.objects.filter(pk=brief.pk).update(status="failed", error="The disk was full.")
    client.force_login(desk)
    html = client.get(url("detail", mission, brief.pk)).content.decode()
    assert "The disk was full." in html and url("retry", mission, brief.pk) in html

    response = client.post(url("retry", mission, brief.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Queued" in response.content.decode()
    brief.refresh_from_db()
    assert brief.status == "queued"


def test_exporting_something_that_is_not_there_says_so_with_400(client, desk, mission, strategy):
    client.force_login(desk)
    for subject in ("version-9", "review-999999", "nonsense", ""):
        response = client.post(url("export", mission), {"subject": subject})
        assert response.status_code == 400, subject
        assert "Choose the working draft" in response.content.decode() or not subject
    response = client.post(
        url("export", mission), {"subject": "version-9", **FOR_HQ}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#brief-export"  # the form again, message by its field
    html = response.content.decode()
    assert 'id="brief-subject-error"' in html and 'value="DPPO desk"' in html
    assert not Brief.objects.exists()


def test_an_export_without_an_audience_or_recipient_asks_for_them(client, editor, mission):
    client.force_login(editor)
    response = client.post(url("export", mission), {"subject": "draft", "recipient": " "})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="brief-audience-error"' in html and 'id="brief-recipient-error"' in html
    response = client.post(
        url("export", mission), {"subject": "draft", "audience": "press", "recipient": "X"}
    )
    assert response.status_code == 400 and 'id="brief-audience-error"' in response.content.decode()
    assert not Brief.objects.exists()


def test_a_desk_officer_exports_for_hq_only(client, desk, mission, strategy):
    client.force_login(desk)
    page = client.get(url("list", mission)).content.decode()
    assert 'value="hq"' in page and 'value="tcc_pcc"' not in page
    response = client.post(
        url("export", mission), {"subject": "draft", "audience": "unct", "recipient": "UNCT"}
    )
    assert response.status_code == 400
    assert not Brief.objects.exists()


def test_a_review_of_another_mission_cannot_be_exported_here(
    client, desk, mission, strategy, other_mission
):
    from tests.factories import ReviewFactory

    theirs = ReviewFactory(mission=other_mission, status="open")
    client.force_login(desk)
    response = client.post(url("export", mission), {"subject": f"review-{theirs.pk}"})
    assert response.status_code == 400


def test_exporting_an_approved_version_twice_returns_the_same_brief(
    client, desk, hom, mission, strategy, brief_media
):
    version_approve(mission=mission, by=hom, note="v1")
    client.force_login(desk)
    first = client.post(url("export", mission), {"subject": "version-1", **FOR_HQ})
    second = client.post(url("export", mission), {"subject": "version-1", **FOR_HQ}, follow=True)
    assert first["Location"] == second.redirect_chain[0][0]
    assert "made already" in second.content.decode()
    assert Brief.objects.count() == 1
    # Another recipient gets a brief of their own: their name is in its margins.
    client.post(url("export", mission), {"subject": "version-1", **FOR_HQ, "recipient": "OMA"})
    assert Brief.objects.count() == 2


def test_the_list_shows_each_brief_with_status_who_and_when(client, desk, mission, ready_brief):
    client.force_login(desk)
    html = client.get(url("list", mission)).content.decode()
    assert "Working draft" in html and "Ready" in html
    assert desk.get_full_name() in html
    assert url("download", mission, ready_brief.pk) in html
    assert "Subscribe to UNTEST" in html


def test_the_versions_pages_offer_the_export(client, desk, hom, mission, strategy):
    version_approve(mission=mission, by=hom, note="v1")
    client.force_login(desk)
    versions = client.get(reverse("strategies:versions", args=[mission.acronym])).content.decode()
    assert url("list", mission) + "?subject=version-1" in versions
    detail = client.get(
        reverse("strategies:version_detail", args=[mission.acronym, 1])
    ).content.decode()
    link = url("list", mission) + "?subject=version-1"
    assert link in detail
    chooser = client.get(link).content.decode()
    assert '<option value="version-1" selected>' in chooser


def test_the_review_page_button_exports_a_brief_of_that_review(client, desk, mission, strategy):
    from django.template.loader import render_to_string

    from tests.factories import ReviewFactory

    review = ReviewFactory(mission=mission, status="concluded")
    button = render_to_string(
        "briefs/partials/_export_button.html", {"mission": mission, "review": review}
    )
    assert url("list", mission) + f"?subject=review-{review.pk}" in button

    client.force_login(desk)
    response = client.post(
        url("export", mission),
        {"subject": f"review-{review.pk}", **FOR_HQ},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Queued" in response.content.decode()
    assert Brief.objects.get(requested_by=desk).review == review
