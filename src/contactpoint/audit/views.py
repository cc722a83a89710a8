"""The audit pages: reports of the trail and the misuse-alert queue (web/app.py includes this)."""

from __future__ import annotations

from fastapi import APIRouter

from contactpoint.audit import alert_views, report_views

router = APIRouter()
router.include_router(report_views.router)
router.include_router(alert_views.router)
