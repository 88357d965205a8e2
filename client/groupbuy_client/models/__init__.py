""" Contains all the data models used in inputs/outputs """

from .activity_create import ActivityCreate
from .activity_kind import ActivityKind
from .activity_public import ActivityPublic
from .activity_status import ActivityStatus
from .activity_update import ActivityUpdate
from .actor_public import ActorPublic
from .actor_public_kind import ActorPublicKind
from .address_create import AddressCreate
from .address_public import AddressPublic
from .address_update import AddressUpdate
from .after_sales_answer import AfterSalesAnswer
from .after_sales_approve import AfterSalesApprove
from .after_sales_ask import AfterSalesAsk
from .after_sales_create import AfterSalesCreate
from .after_sales_list_view import AfterSalesListView
from .after_sales_public import AfterSalesPublic
from .after_sales_reject import AfterSalesReject
from .after_sales_status import AfterSalesStatus
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_created import ApiKeyCreated
from .api_key_public import ApiKeyPublic
from .arrival_line import ArrivalLine
from .arrival_outcome import ArrivalOutcome
from .arrival_outcome_refunded_orders import ArrivalOutcomeRefundedOrders
from .arrival_report import ArrivalReport
from .assigned_products import AssignedProducts
from .balance import Balance
from .banner import Banner
from .banner_link import BannerLink
from .batch_line import BatchLine
from .batch_line_outcome import BatchLineOutcome
from .batch_result import BatchResult
from .batch_result_counts import BatchResultCounts
from .bind_request import BindRequest
from .bind_source_in import BindSourceIn
from .bind_source_in_kind import BindSourceInKind
from .binding import Binding
from .cart import Cart
from .cart_line_create import CartLineCreate
from .cart_line_public import CartLinePublic
from .cart_line_update import CartLineUpdate
from .category_create import CategoryCreate
from .category_public import CategoryPublic
from .category_ref import CategoryRef
from .category_reorder import CategoryReorder
from .category_tree import CategoryTree
from .category_update import CategoryUpdate
from .chargeback_public import ChargebackPublic
from .checkout_create import CheckoutCreate
from .checkout_placed import CheckoutPlaced
from .checkout_public import CheckoutPublic
from .checkout_status import CheckoutStatus
from .clock_advance import ClockAdvance
from .clock_reading import ClockReading
from .code_check import CodeCheck
from .community_create import CommunityCreate
from .community_public import CommunityPublic
from .community_split import CommunitySplit
from .component_in import ComponentIn
from .component_public import ComponentPublic
from .confirm_line import ConfirmLine
from .consent_report import ConsentReport
from .consent_report_results import ConsentReportResults
from .consent_report_results_additional_property import ConsentReportResultsAdditionalProperty
from .cutoff_result import CutoffResult
from .cutoff_set import CutoffSet
from .dead_letter import DeadLetter
from .deliver_batch import DeliverBatch
from .dev_login import DevLogin
from .dev_login_roles_item import DevLoginRolesItem
from .early_bird import EarlyBird
from .flash_terms import FlashTerms
from .funnel import Funnel
from .group_preview import GroupPreview
from .group_progress import GroupProgress
from .group_share_page import GroupSharePage
from .group_share_page_basis import GroupSharePageBasis
from .group_status import GroupStatus
from .history_entry import HistoryEntry
from .home_public import HomePublic
from .home_stored import HomeStored
from .home_update import HomeUpdate
from .kind import Kind
from .ladder_terms import LadderTerms
from .ladder_terms_address_scope import LadderTermsAddressScope
from .ladder_terms_basis import LadderTermsBasis
from .leader_assign import LeaderAssign
from .ledger_entry_public import LedgerEntryPublic
from .ledger_entry_public_kind import LedgerEntryPublicKind
from .level_history_public import LevelHistoryPublic
from .level_history_public_reason import LevelHistoryPublicReason
from .level_public import LevelPublic
from .level_set import LevelSet
from .line_in import LineIn
from .link_kind import LinkKind
from .materialise_request import MaterialiseRequest
from .materialise_result import MaterialiseResult
from .my_community import MyCommunity
from .my_consents import MyConsents
from .my_phone import MyPhone
from .my_points import MyPoints
from .my_referral import MyReferral
from .next_level import NextLevel
from .next_tier_public import NextTierPublic
from .ops_dead_letters_group import OpsDeadLettersGroup
from .order_create import OrderCreate
from .order_history import OrderHistory
from .order_kind import OrderKind
from .order_placed import OrderPlaced
from .order_placed_address_type_0 import OrderPlacedAddressType0
from .order_public import OrderPublic
from .order_public_address_type_0 import OrderPublicAddressType0
from .order_status import OrderStatus
from .orders_list_view import OrdersListView
from .orders_pickup_list_format_type_0 import OrdersPickupListFormatType0
from .outcome import Outcome
from .page_activity_public import PageActivityPublic
from .page_address_public import PageAddressPublic
from .page_after_sales_public import PageAfterSalesPublic
from .page_api_key_public import PageApiKeyPublic
from .page_chargeback_public import PageChargebackPublic
from .page_checkout_public import PageCheckoutPublic
from .page_community_public import PageCommunityPublic
from .page_group_progress import PageGroupProgress
from .page_ledger_entry_public import PageLedgerEntryPublic
from .page_level_history_public import PageLevelHistoryPublic
from .page_level_public import PageLevelPublic
from .page_order_public import PageOrderPublic
from .page_product_public import PageProductPublic
from .page_purchase_order_public import PagePurchaseOrderPublic
from .page_reach_message_public import PageReachMessagePublic
from .page_rebate_entry_public import PageRebateEntryPublic
from .page_refund_public import PageRefundPublic
from .page_supplier_public import PageSupplierPublic
from .page_template_public import PageTemplatePublic
from .page_webhook_delivery_public import PageWebhookDeliveryPublic
from .page_webhook_public import PageWebhookPublic
from .page_withdrawal_public import PageWithdrawalPublic
from .participant_public import ParticipantPublic
from .payment_params import PaymentParams
from .payment_request import PaymentRequest
from .phone_code import PhoneCode
from .pickup_code_public import PickupCodePublic
from .pickup_codes import PickupCodes
from .pickup_list import PickupList
from .pickup_redeem import PickupRedeem
from .pickup_row import PickupRow
from .planned_occurrence import PlannedOccurrence
from .problem_code import ProblemCode
from .problem_detail import ProblemDetail
from .product_card import ProductCard
from .product_create import ProductCreate
from .product_kind import ProductKind
from .product_public import ProductPublic
from .product_role import ProductRole
from .product_sort import ProductSort
from .product_update import ProductUpdate
from .profile_update import ProfileUpdate
from .promotion_day_public import PromotionDayPublic
from .purchase_order_confirm import PurchaseOrderConfirm
from .purchase_order_line_public import PurchaseOrderLinePublic
from .purchase_order_public import PurchaseOrderPublic
from .reach_message_public import ReachMessagePublic
from .reason_public import ReasonPublic
from .rebate_entry_public import RebateEntryPublic
from .rebate_entry_public_bucket import RebateEntryPublicBucket
from .rebate_entry_public_kind import RebateEntryPublicKind
from .rebates_list_bucket_type_0 import RebatesListBucketType0
from .rebates_list_kind_type_0 import RebatesListKindType0
from .referrals_funnel import ReferralsFunnel
from .referrals_source_funnel import ReferralsSourceFunnel
from .refresh_request import RefreshRequest
from .refund_create import RefundCreate
from .refund_line import RefundLine
from .refund_line_state import RefundLineState
from .refund_public import RefundPublic
from .refund_retry import RefundRetry
from .refund_settle import RefundSettle
from .refund_status import RefundStatus
from .rule_set import RuleSet
from .rule_set_earners import RuleSetEarners
from .rule_set_leader_role_rates import RuleSetLeaderRoleRates
from .rule_set_rates import RuleSetRates
from .rule_set_rates_additional_property import RuleSetRatesAdditionalProperty
from .rule_set_role_rates import RuleSetRoleRates
from .rule_set_role_rates_additional_property import RuleSetRoleRatesAdditionalProperty
from .rule_set_role_rates_additional_property_additional_property import RuleSetRoleRatesAdditionalPropertyAdditionalProperty
from .rule_version_public import RuleVersionPublic
from .rules_request import RulesRequest
from .rules_request_earners import RulesRequestEarners
from .rules_request_leader_role_rates import RulesRequestLeaderRoleRates
from .rules_request_rates import RulesRequestRates
from .rules_request_rates_additional_property import RulesRequestRatesAdditionalProperty
from .rules_request_role_rates import RulesRequestRoleRates
from .rules_request_role_rates_additional_property import RulesRequestRoleRatesAdditionalProperty
from .rules_request_role_rates_additional_property_additional_property import RulesRequestRoleRatesAdditionalPropertyAdditionalProperty
from .sales_day_public import SalesDayPublic
from .scene_consent import SceneConsent
from .scene_create import SceneCreate
from .scene_create_kind import SceneCreateKind
from .scene_funnel import SceneFunnel
from .scene_public import ScenePublic
from .scene_public_kind import ScenePublicKind
from .section import Section
from .section_public import SectionPublic
from .share_funnel import ShareFunnel
from .share_product import ShareProduct
from .share_source import ShareSource
from .share_source_kind import ShareSourceKind
from .ship_batch import ShipBatch
from .sku_in import SkuIn
from .sku_in_member_prices import SkuInMemberPrices
from .sku_public import SkuPublic
from .sku_public_member_prices import SkuPublicMemberPrices
from .sku_update import SkuUpdate
from .sku_update_member_prices_type_0 import SkuUpdateMemberPricesType0
from .sort_order import SortOrder
from .sorting_list import SortingList
from .sorting_row import SortingRow
from .source_funnel import SourceFunnel
from .stage_count import StageCount
from .status import Status
from .stock_set import StockSet
from .supplier_create import SupplierCreate
from .supplier_key import SupplierKey
from .supplier_products import SupplierProducts
from .supplier_public import SupplierPublic
from .supply_get_purchase_order_format_type_0 import SupplyGetPurchaseOrderFormatType0
from .supply_order_status import SupplyOrderStatus
from .supply_sorting_list_format_type_0 import SupplySortingListFormatType0
from .sync_batch import SyncBatch
from .sync_batch_sync_row import SyncBatchSyncRow
from .sync_batch_sync_row_role import SyncBatchSyncRowRole
from .sync_result import SyncResult
from .sync_row_result import SyncRowResult
from .team import Team
from .team_level import TeamLevel
from .team_level_by_membership_level import TeamLevelByMembershipLevel
from .team_member import TeamMember
from .template_create import TemplateCreate
from .template_create_kind import TemplateCreateKind
from .template_public import TemplatePublic
from .template_public_terms_type_0 import TemplatePublicTermsType0
from .tier import Tier
from .tier_public import TierPublic
from .token_pair import TokenPair
from .tree_node import TreeNode
from .user_public import UserPublic
from .visit_create import VisitCreate
from .visit_create_kind import VisitCreateKind
from .visit_recorded import VisitRecorded
from .we_chat_login import WeChatLogin
from .webhook_attempt_public import WebhookAttemptPublic
from .webhook_create import WebhookCreate
from .webhook_created import WebhookCreated
from .webhook_created_status import WebhookCreatedStatus
from .webhook_delivery_detail import WebhookDeliveryDetail
from .webhook_delivery_detail_status import WebhookDeliveryDetailStatus
from .webhook_delivery_public import WebhookDeliveryPublic
from .webhook_delivery_public_status import WebhookDeliveryPublicStatus
from .webhook_public import WebhookPublic
from .webhook_public_status import WebhookPublicStatus
from .webhook_replay import WebhookReplay
from .webhook_replay_status_type_0 import WebhookReplayStatusType0
from .webhook_replayed import WebhookReplayed
from .webhooks_list_deliveries_status_type_0 import WebhooksListDeliveriesStatusType0
from .withdrawal_decision import WithdrawalDecision
from .withdrawal_public import WithdrawalPublic
from .withdrawal_public_status import WithdrawalPublicStatus
from .withdrawal_request import WithdrawalRequest
from .withdrawals_list_status_type_0 import WithdrawalsListStatusType0

__all__ = (
    "ActivityCreate",
    "ActivityKind",
    "ActivityPublic",
    "ActivityStatus",
    "ActivityUpdate",
    "ActorPublic",
    "ActorPublicKind",
    "AddressCreate",
    "AddressPublic",
    "AddressUpdate",
    "AfterSalesAnswer",
    "AfterSalesApprove",
    "AfterSalesAsk",
    "AfterSalesCreate",
    "AfterSalesListView",
    "AfterSalesPublic",
    "AfterSalesReject",
    "AfterSalesStatus",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyCreateScopesItem",
    "ApiKeyPublic",
    "ArrivalLine",
    "ArrivalOutcome",
    "ArrivalOutcomeRefundedOrders",
    "ArrivalReport",
    "AssignedProducts",
    "Balance",
    "Banner",
    "BannerLink",
    "BatchLine",
    "BatchLineOutcome",
    "BatchResult",
    "BatchResultCounts",
    "Binding",
    "BindRequest",
    "BindSourceIn",
    "BindSourceInKind",
    "Cart",
    "CartLineCreate",
    "CartLinePublic",
    "CartLineUpdate",
    "CategoryCreate",
    "CategoryPublic",
    "CategoryRef",
    "CategoryReorder",
    "CategoryTree",
    "CategoryUpdate",
    "ChargebackPublic",
    "CheckoutCreate",
    "CheckoutPlaced",
    "CheckoutPublic",
    "CheckoutStatus",
    "ClockAdvance",
    "ClockReading",
    "CodeCheck",
    "CommunityCreate",
    "CommunityPublic",
    "CommunitySplit",
    "ComponentIn",
    "ComponentPublic",
    "ConfirmLine",
    "ConsentReport",
    "ConsentReportResults",
    "ConsentReportResultsAdditionalProperty",
    "CutoffResult",
    "CutoffSet",
    "DeadLetter",
    "DeliverBatch",
    "DevLogin",
    "DevLoginRolesItem",
    "EarlyBird",
    "FlashTerms",
    "Funnel",
    "GroupPreview",
    "GroupProgress",
    "GroupSharePage",
    "GroupSharePageBasis",
    "GroupStatus",
    "HistoryEntry",
    "HomePublic",
    "HomeStored",
    "HomeUpdate",
    "Kind",
    "LadderTerms",
    "LadderTermsAddressScope",
    "LadderTermsBasis",
    "LeaderAssign",
    "LedgerEntryPublic",
    "LedgerEntryPublicKind",
    "LevelHistoryPublic",
    "LevelHistoryPublicReason",
    "LevelPublic",
    "LevelSet",
    "LineIn",
    "LinkKind",
    "MaterialiseRequest",
    "MaterialiseResult",
    "MyCommunity",
    "MyConsents",
    "MyPhone",
    "MyPoints",
    "MyReferral",
    "NextLevel",
    "NextTierPublic",
    "OpsDeadLettersGroup",
    "OrderCreate",
    "OrderHistory",
    "OrderKind",
    "OrderPlaced",
    "OrderPlacedAddressType0",
    "OrderPublic",
    "OrderPublicAddressType0",
    "OrdersListView",
    "OrdersPickupListFormatType0",
    "OrderStatus",
    "Outcome",
    "PageActivityPublic",
    "PageAddressPublic",
    "PageAfterSalesPublic",
    "PageApiKeyPublic",
    "PageChargebackPublic",
    "PageCheckoutPublic",
    "PageCommunityPublic",
    "PageGroupProgress",
    "PageLedgerEntryPublic",
    "PageLevelHistoryPublic",
    "PageLevelPublic",
    "PageOrderPublic",
    "PageProductPublic",
    "PagePurchaseOrderPublic",
    "PageReachMessagePublic",
    "PageRebateEntryPublic",
    "PageRefundPublic",
    "PageSupplierPublic",
    "PageTemplatePublic",
    "PageWebhookDeliveryPublic",
    "PageWebhookPublic",
    "PageWithdrawalPublic",
    "ParticipantPublic",
    "PaymentParams",
    "PaymentRequest",
    "PhoneCode",
    "PickupCodePublic",
    "PickupCodes",
    "PickupList",
    "PickupRedeem",
    "PickupRow",
    "PlannedOccurrence",
    "ProblemCode",
    "ProblemDetail",
    "ProductCard",
    "ProductCreate",
    "ProductKind",
    "ProductPublic",
    "ProductRole",
    "ProductSort",
    "ProductUpdate",
    "ProfileUpdate",
    "PromotionDayPublic",
    "PurchaseOrderConfirm",
    "PurchaseOrderLinePublic",
    "PurchaseOrderPublic",
    "ReachMessagePublic",
    "ReasonPublic",
    "RebateEntryPublic",
    "RebateEntryPublicBucket",
    "RebateEntryPublicKind",
    "RebatesListBucketType0",
    "RebatesListKindType0",
    "ReferralsFunnel",
    "ReferralsSourceFunnel",
    "RefreshRequest",
    "RefundCreate",
    "RefundLine",
    "RefundLineState",
    "RefundPublic",
    "RefundRetry",
    "RefundSettle",
    "RefundStatus",
    "RuleSet",
    "RuleSetEarners",
    "RuleSetLeaderRoleRates",
    "RuleSetRates",
    "RuleSetRatesAdditionalProperty",
    "RuleSetRoleRates",
    "RuleSetRoleRatesAdditionalProperty",
    "RuleSetRoleRatesAdditionalPropertyAdditionalProperty",
    "RulesRequest",
    "RulesRequestEarners",
    "RulesRequestLeaderRoleRates",
    "RulesRequestRates",
    "RulesRequestRatesAdditionalProperty",
    "RulesRequestRoleRates",
    "RulesRequestRoleRatesAdditionalProperty",
    "RulesRequestRoleRatesAdditionalPropertyAdditionalProperty",
    "RuleVersionPublic",
    "SalesDayPublic",
    "SceneConsent",
    "SceneCreate",
    "SceneCreateKind",
    "SceneFunnel",
    "ScenePublic",
    "ScenePublicKind",
    "Section",
    "SectionPublic",
    "ShareFunnel",
    "ShareProduct",
    "ShareSource",
    "ShareSourceKind",
    "ShipBatch",
    "SkuIn",
    "SkuInMemberPrices",
    "SkuPublic",
    "SkuPublicMemberPrices",
    "SkuUpdate",
    "SkuUpdateMemberPricesType0",
    "SortingList",
    "SortingRow",
    "SortOrder",
    "SourceFunnel",
    "StageCount",
    "Status",
    "StockSet",
    "SupplierCreate",
    "SupplierKey",
    "SupplierProducts",
    "SupplierPublic",
    "SupplyGetPurchaseOrderFormatType0",
    "SupplyOrderStatus",
    "SupplySortingListFormatType0",
    "SyncBatch",
    "SyncBatchSyncRow",
    "SyncBatchSyncRowRole",
    "SyncResult",
    "SyncRowResult",
    "Team",
    "TeamLevel",
    "TeamLevelByMembershipLevel",
    "TeamMember",
    "TemplateCreate",
    "TemplateCreateKind",
    "TemplatePublic",
    "TemplatePublicTermsType0",
    "Tier",
    "TierPublic",
    "TokenPair",
    "TreeNode",
    "UserPublic",
    "VisitCreate",
    "VisitCreateKind",
    "VisitRecorded",
    "WebhookAttemptPublic",
    "WebhookCreate",
    "WebhookCreated",
    "WebhookCreatedStatus",
    "WebhookDeliveryDetail",
    "WebhookDeliveryDetailStatus",
    "WebhookDeliveryPublic",
    "WebhookDeliveryPublicStatus",
    "WebhookPublic",
    "WebhookPublicStatus",
    "WebhookReplay",
    "WebhookReplayed",
    "WebhookReplayStatusType0",
    "WebhooksListDeliveriesStatusType0",
    "WeChatLogin",
    "WithdrawalDecision",
    "WithdrawalPublic",
    "WithdrawalPublicStatus",
    "WithdrawalRequest",
    "WithdrawalsListStatusType0",
)
