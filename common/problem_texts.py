"""The display text of every problem ``code``, in zh-CN, and the gateway's ``Accept-Language`` for problems.

A problem's ``detail`` is written in English where it is raised (logs and partners read it).  A caller
that prefers Chinese (``Accept-Language: zh-CN``, or any ``zh``) gets ``detail`` replaced by the text
of its ``code`` from ``CATALOGUE`` below, the English kept in ``detail_en``, and ``Content-Language:
zh-CN``; every other caller gets English, unchanged.  The text is per code, not per sentence: what a
mini-program shows a buyer, with the specifics (which field, which SKU) in the problem's own fields.

``CATALOGUE`` is the one list of codes: ``ProblemCode`` in ``/openapi.json`` is its keys, and
``docs/errors.md`` is made from it (``python -m devtools.client``).  A code raised anywhere in the code
but missing here fails ``tests/test_api_contract_e2e.py`` (the source is read for codes).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.problems import PROBLEM_MEDIA_TYPE

# code → (zh-CN display text, what it means, in English for the reference table)
CATALOGUE: dict[str, tuple[str, str]] = {
    "activity_not_live": ("活动未在进行中", "The activity has not started, has ended or was cancelled"),
    "activity_started": ("活动已开始，不能再修改", "An activity that has started cannot be changed this way"),
    "address_incomplete": ("收货地址不完整，请补全后再试", "The delivery address lacks a part the order needs"),
    "after_sales_closed": ("该订单不能申请售后", "The order's state takes no after-sales claim"),
    "after_sales_open": ("该订单已有售后申请在处理中", "The order already has a claim under review"),
    "already_bound": ("已绑定其他推荐人", "The user is already bound to another referrer"),
    "amount_mismatch": ("支付金额与订单不符", "The paid amount is not the order's amount"),
    "api_key_invalid": ("API 密钥无效或已吊销", "The API key is unknown or revoked"),
    "api_key_revoked": ("API 密钥已吊销", "The partner's API key has been revoked"),
    "api_key_taken": ("该 API 密钥已绑定其他供应商", "The API key already acts for another supplier"),
    "arrival_in_flight": ("到货正在登记中，请稍后重试", "The arrival is being reported right now"),
    "arrival_reported": ("该商品今天已登记到货", "The SKU's arrival was reported for the day already"),
    "bad_gateway": ("服务暂时异常，请稍后重试", "A service behind the gateway failed; try again"),
    "bad_request": ("请求有误", "The request cannot be understood"),
    "binding_expired": ("绑定期已过，不能再绑定推荐人", "The time to bind a referrer has passed"),
    "binding_locked": ("推荐关系已锁定", "The referral binding can no longer change"),
    "cart_full": ("购物车已满", "The cart holds as many lines as allowed"),
    "cart_empty": ("购物车是空的", "The cart is empty"),
    "category_in_use": ("该分类下仍有商品或子分类", "The category still holds products or children"),
    "category_name_taken": ("分类名称已存在", "Another category has that name"),
    "checkout_line": ("该订单属于合并支付，请整单支付或取消", "The order is a line of a checkout: pay it whole"),
    "checkout_not_placed": ("下单超时，请重试", "Placing the checkout took too long; send the same request again"),
    "conflict": ("操作冲突，请刷新后重试", "The request conflicts with the current state"),
    "delivery_pending": ("推送仍在进行中", "The webhook delivery is still being tried"),
    "duplicate_line": ("同一商品请合并为一行", "The basket names an item twice"),
    "error": ("请求失败", "A framework error of an unnamed status"),
    "event_type_not_offered": ("不支持订阅该事件", "That event type is not offered to partners"),
    "external_id_taken": ("外部编号已被使用", "Another product uses that external id"),
    "forbidden": ("无权进行此操作", "The caller may not do this"),
    "idempotency_key_reused": ("请求编号已用于其他请求", "The Idempotency-Key was used for a different request"),
    "identity_invalid": ("身份校验失败", "The signed identity between the parts does not verify"),
    "identity_stale": ("身份校验已过期", "The signed identity between the parts is too old"),
    "insufficient_balance": ("余额不足", "The balance is below the amount asked"),
    "internal_error": ("系统繁忙，请稍后重试", "An unexpected error; it has been logged"),
    "invalid_cursor": ("分页参数无效，请从第一页重新加载", "The page cursor is not one this list gave"),
    "invalid_scene_target": ("分享目标无效", "The scene's target is not valid for its kind"),
    "invalid_share_token": ("分享链接无效", "The share token is not that group's"),
    "invalid_text": ("文字中含有不允许的字符", "A text field holds characters that are not allowed"),
    "invalid_transition": ("订单当前状态不允许此操作", "The order's state does not allow this step"),
    "malformed_body": ("请求内容格式错误", "The body is not valid JSON"),
    "method_not_allowed": ("不支持该请求方式", "The path does not answer to this method"),
    "not_acceptable": ("无法提供所需的内容格式", "No answer in an accepted media type"),
    "not_arrived": ("到货尚未确认，暂不能提货", "The order's arrival at its pickup point is not confirmed yet"),
    "not_community_leader": ("只有本小区团长可以操作", "Only the community's leader may do this"),
    "not_found": ("内容不存在或已删除", "No such object, or not the caller's"),
    "not_on_sale": ("商品暂未开售或已下架", "The product or SKU is not on sale"),
    "not_ready": ("服务正在启动，请稍后重试", "A part is not ready (readiness)"),
    "nothing_waiting": ("没有待提货的订单", "Nothing is waiting for this buyer here today"),
    "order_not_placed": ("下单失败，请重试", "The order could not be placed"),
    "out_of_stock": ("库存不足", "Not enough stock for the quantity"),
    "partner_key_required": ("需要合作方 API 密钥", "Only a partner API key may do this"),
    "payload_too_large": ("提交的内容过大", "The body is larger than allowed"),
    "payment_deadline_passed": ("订单已超过支付时限", "The order's time to pay has passed"),
    "payment_not_possible": ("当前无法支付该订单", "The payment provider refused the payment"),
    "payment_provider_unavailable": ("支付服务暂时不可用，请稍后重试", "The payment provider is not reachable"),
    "per_user_limit": ("已达到每人限购数量", "The buyer's limit for this item is reached"),
    "phone_code_invalid": ("手机号授权已失效，请重新授权", "The phone number code is invalid or used"),
    "pickup_code_invalid": ("提货码无效", "No such pickup code"),
    "pickup_code_used": ("提货码已使用", "The pickup code was already used"),
    "pickup_code_wrong_community": ("提货码不属于本自提点", "The pickup code is for another pickup point"),
    "pickup_code_wrong_day": ("提货码不是今天的", "The pickup code is for another day"),
    "pickup_codes_unavailable": ("暂时无法生成提货码", "Pickup codes cannot be made right now"),
    "precondition_required": ("请先刷新后再保存", "Name the version edited (If-Match)"),
    "purchase_order_confirmed": ("采购单已确认", "The purchase order was confirmed already"),
    "rate_limited": ("操作太频繁，请稍后再试", "Too many requests; wait Retry-After seconds"),
    "referral_cycle": ("不能绑定自己的下级为推荐人", "The binding would make a referral cycle"),
    "refresh_token_invalid": ("登录已失效，请重新登录", "The refresh token is unknown or expired"),
    "refresh_token_reused": ("登录已失效，请重新登录", "A refresh token was used twice; the session is ended"),
    "refund_mismatch": ("退款金额与记录不符", "The refund does not match the one on record"),
    "refund_not_retryable": ("该退款当前不能重新发起", "The refund is paid, or on its way: nothing to send again"),
    "refund_not_settleable": ("该退款当前不能标记为线下已退", "Only a failed, abnormal or closed refund is settled"),
    "refund_too_large": ("退款金额超过可退金额", "The refund is larger than what is left to refund"),
    "request_in_flight": ("请求正在处理中，请稍候", "The same Idempotency-Key is being processed"),
    "reservation_released": ("库存预留已失效，请重新下单", "The stock reservation was released"),
    "scope_required": ("API 密钥缺少所需权限", "The API key lacks the scope this needs"),
    "self_referral": ("不能绑定自己的推荐码", "A user cannot be bound to their own code"),
    "service_unavailable": ("服务暂时不可用，请稍后重试", "A part is not reachable; try again (Retry-After)"),
    "sold_out": ("已售罄", "Sold out"),
    "stock_unavailable": ("库存暂时无法确认，请稍后重试", "The flash-sale stock gate cannot be reached"),
    "subscription_disabled": ("该订阅已停用", "The webhook subscription is disabled"),
    "subscription_limit": ("订阅数量已达上限", "The key has as many subscriptions as allowed"),
    "sync_conflict": ("同步数据与现有数据冲突", "The partner's sync conflicts with newer data"),
    "token_expired": ("登录已过期，请刷新登录状态", "The access token has expired; refresh it"),
    "token_invalid": ("登录状态无效，请重新登录", "The access token is malformed or does not verify"),
    "token_key_unknown": ("登录状态无效，请重新登录", "The access token was signed by an unknown key"),
    "too_many_guesses": ("尝试次数过多，请稍后再试", "Too many wrong pickup codes; wait"),
    "unauthenticated": ("请先登录", "Sign in first"),
    "unknown_event_type": ("未知的事件类型", "No such event type"),
    "unknown_level": ("未知的会员等级", "No such level code"),
    "unknown_referral_code": ("推荐码不存在", "No such referral code"),
    "unknown_template": ("订阅消息模板无效", "Not a subscription message template of this mini-program"),
    "unsupported_media_type": ("不支持的内容格式", "The body's media type is not accepted"),
    "upstream_timeout": ("服务响应超时，请稍后重试", "A service did not answer in time; try again"),
    "validation_error": ("填写的内容有误，请检查后重试", "Fields are invalid; see errors[]"),
    "version_conflict": ("内容已被他人修改，请刷新后重试", "The document changed since the version named"),
    "webhook_url_refused": ("回调地址不可用", "The webhook URL is not allowed"),
    "wechat_busy": ("微信繁忙，请稍后重试", "WeChat is busy; try again"),
    "wechat_code_invalid": ("登录凭证无效，请重新登录", "The wx.login code is invalid or used"),
    "wechat_error": ("微信登录失败，请稍后重试", "WeChat refused the login"),
    "wechat_rate_limited": ("登录太频繁，请稍后再试", "WeChat limits this mini-program's logins right now"),
    "wechat_unavailable": ("微信服务暂时不可用，请稍后重试", "WeChat could not do it now; try again"),
    "wechat_unreachable": ("无法连接微信，请稍后重试", "WeChat is not reachable"),
    "wechat_user_blocked": ("该微信账号暂时无法登录", "WeChat has blocked this user"),
    "withdrawal_out_of_range": ("提现金额不在允许范围内", "The withdrawal is below the minimum or above the maximum"),
}
DEFAULT_TEXT = "请求失败"


def zh_text(code: str) -> str:
    return CATALOGUE[code][0] if code in CATALOGUE else DEFAULT_TEXT


def prefers_chinese(accept_language: str) -> bool:
    """True when the caller's most preferred language (by q) is any Chinese."""
    best, best_q = "", -1.0
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > best_q:
            best, best_q = tag.strip().lower(), q
    return best_q > 0 and (best == "zh" or best.startswith("zh-"))


def localise(body: bytes) -> bytes | None:
    """The problem ``body`` with its ``detail`` in zh-CN, or None when it is not a problem document."""
    try:
        problem = json.loads(body)
    except ValueError:
        return None
    if not isinstance(problem, dict) or not isinstance(problem.get("code"), str):
        return None
    if problem.get("detail") is not None:
        problem["detail_en"] = problem["detail"]
    problem["detail"] = zh_text(problem["code"])
    return json.dumps(problem, ensure_ascii=False).encode()


class ProblemLanguage:
    """ASGI: problems answered to a caller who prefers Chinese carry their zh-CN text in ``detail``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept-language"), "")
        if not prefers_chinese(header):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_localised(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = next((v for k, v in message.get("headers", []) if k.lower() == b"content-type"), b"")
                if content_type.split(b";")[0].strip().decode("latin-1") == PROBLEM_MEDIA_TYPE:
                    start = message  # held until the whole (small) problem body is here
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            original = b"".join(chunks)
            body = localise(original) or original
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers += [(b"content-length", b"%d" % len(body)), (b"content-language", b"zh-CN")]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, send_localised)
