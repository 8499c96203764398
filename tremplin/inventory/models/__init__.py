from .aftersales import AfterSalesTicket
from .connectivity import ConnectivityProduct, ProductKind, ProductStock, RechargeCode, StockMovement
from .devices import (
    BATTERY_CATEGORIES,
    CATEGORY_TAG_CODES,
    COMPUTER_CATEGORIES,
    CONDITION_RANK,
    GRADE_ORDER,
    IN_STOCK_LIST,
    IN_STOCK_STATUSES,
    MOBILE_CATEGORIES,
    AssetTagCounter,
    Category,
    Condition,
    Device,
    DeviceEvent,
    ErasureMethod,
    ErasureRecord,
    Grade,
    Status,
)
from .donors import DonationBatch, Donor, DonorKind
from .grading import GradingRule, PriceGridEntry
from .stock import StockCount
from .transfers import Transfer, TransferLine

__all__ = [
    "BATTERY_CATEGORIES",
    "CATEGORY_TAG_CODES",
    "COMPUTER_CATEGORIES",
    "CONDITION_RANK",
    "GRADE_ORDER",
    "IN_STOCK_LIST",
    "IN_STOCK_STATUSES",
    "MOBILE_CATEGORIES",
    "AfterSalesTicket",
    "AssetTagCounter",
    "Category",
    "Condition",
    "ConnectivityProduct",
    "Device",
    "DeviceEvent",
    "DonationBatch",
    "Donor",
    "DonorKind",
    "ErasureMethod",
    "ErasureRecord",
    "Grade",
    "GradingRule",
    "PriceGridEntry",
    "ProductKind",
    "ProductStock",
    "RechargeCode",
    "Status",
    "StockCount",
    "StockMovement",
    "Transfer",
    "TransferLine",
]
