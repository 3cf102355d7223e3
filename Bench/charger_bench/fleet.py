"""The fleet file (BoardConfigs/fleets/emart-jeju.yaml): stores and chargers that seed charger_info."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_fleet_path() -> Path:
    return REPO_ROOT / "BoardConfigs" / "fleets" / "emart-jeju.yaml"


class FleetError(ValueError):
    pass


def load_fleet(path: Path | str) -> dict[str, Any]:
    """The parsed fleet; a clear error names the file and the key that is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise FleetError(f"{path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("stores"), list):
        raise FleetError(f"{path}: needs a 'stores' list")
    for index, store in enumerate(data["stores"]):
        if not isinstance(store, dict) or "id" not in store:
            raise FleetError(f"{path}: stores[{index}] needs an 'id'")
        for cindex, charger in enumerate(store.get("chargers") or []):
            if not isinstance(charger, dict) or "id" not in charger:
                raise FleetError(f"{path}: stores[{index}].chargers[{cindex}] needs an 'id'")
    return data


def chargers(fleet: dict[str, Any]) -> list[dict[str, Any]]:
    """Every charger of the fleet with its store id and name folded in."""
    out = []
    for store in fleet["stores"]:
        for charger in store.get("chargers") or []:
            out.append({**charger, "storeId": store["id"], "storeName": store.get("name", store["id"])})
    return out
