"""Typed request and response schemas of the API (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class Me(Schema):
    username: str
    role: str
    organisation: str


class PlaceGroupOut(Schema):
    id: str
    organisation: str
    location: str
    municipality: str
    region: str
    category: str
    capacity_min: int
    capacity_max: int
    beds_free: int
    beds_occupied: int
    beds_other_target_group: int
    beds_out_of_service: int
    multi_labelled: bool
    availability_updated_at: dt.datetime | None
    stale: bool
