"""The same everyday topics, as written by the English-speaking customers."""

from __future__ import annotations

from rumbo.demo.topics import Case, Topic

# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
EN_GREETING = "<Hi {name},|Hello {name},|Hi {name}, thanks for reaching out.>"
EN_CLOSING = ("<Let us know if there is anything else we can do.|Happy to help if anything "
              "else comes up.|Just reply here if you need anything else.>")
EN_ACK = "<Great!|Glad to hear it.> I'll mark this as solved; just reply if you need anything."

_EN: dict[str, tuple[Case, ...]] = {
    "login": (
        Case(("Can't log in to {brand}", "Login <issue|problem>", "Locked out of my account"),
             ("Hi, since <this morning|yesterday> I can't log in. It says the password is wrong "
              "but I haven't changed it. Thanks",
              "Hello, one of my cashiers is locked out of the register. How do I unlock her "
              "user?"),
             ("The user was locked after several failed attempts. We have unlocked it, so you "
              "can sign in again. If you don't remember the password, use \"Forgot your "
              "password?\" at {app_url}.",),
             ("Works now, thanks!", "!Still getting the same error.")),
    ),
    "password_reset": (
        Case(("Password reset email not arriving", "Reset link not working"),
             ("I clicked \"forgot password\" twice and nothing arrives, not even in spam. My "
              "email is {email}.",),
             ("The reset email comes from no-responder@tenderete.example and sometimes lands "
              "in Promotions or Spam; only the latest link works. We just sent a new one, valid "
              "for 30 minutes.",),
             ("Got it, thank you.",)),
    ),
    "billing_invoice": (
        Case(("Invoice for {month}", "Need a copy of our invoice"),
             ("Hi, could you send me the invoice for {month}? Our accountant needs it this "
              "week.",),
             ("We've re-sent the invoice for {month} to your billing email. You can also "
              "download any invoice from Settings > Billing > History.",),
             ("Received, thanks!",)),
        Case(("Wrong company name on invoice",),
             ("Our invoice shows the old company name. Can you reissue it to {company}?",),
             ("Done: we've updated your billing details and reissued the invoice. The old one "
              "has been cancelled with the tax office.",),
             ("Thanks, forwarded to our accountant.",)),
    ),
    "billing": (
        Case(("Charged twice this month",),
             ("We see two charges from {brand} on the same day on our card statement.",),
             ("We checked and the bank retried the payment, which caused a duplicate charge. The "
              "refund is on its way and should show within 5 to 10 business days.",),
             ("Great, thanks for the quick answer.",)),
        Case(("Payment declined",),
             ("We got a notice that the subscription payment failed. We have a new card; where "
              "do we update it?",),
             ("Go to Settings > Billing > Payment method. Service stays active meanwhile: you "
              "have a 7-day grace period.",),
             ("Updated, thanks.",)),
    ),
    "shipping_delay": (
        Case(("Order {order} hasn't arrived", "Where is my order?", "Tracking not updating"),
             ("Hi, I ordered a {product_en} (order {order}) and it still hasn't arrived. The "
              "tracking has said in transit for days.",),
             ("We checked order {order} with {courier}: the parcel was held at their {city} "
              "hub. They confirm delivery within 48 hours and we've sent you the updated "
              "tracking link.",),
             ("It arrived today, thanks.", "!Still nothing.")),
    ),
    "returns_refund": (
        Case(("Return for order {order}", "Damaged item in order {order}"),
             ("The {product_en} in order {order} arrived with a cracked case. I'd like a "
              "replacement.",),
             ("Sorry about that. We've created a return label for {order}; drop the parcel at "
              "any {courier} point and we'll ship the replacement as soon as it's scanned.",),
             ("Thanks, dropped it off today.",)),
        Case(("Refund status",),
             ("I returned order {order} two weeks ago and haven't seen the refund yet.",),
             ("We received the return of {order} and the refund has been issued. Depending on "
              "your bank it can take up to 10 business days to show.",),
             ("OK, thanks for confirming.",)),
    ),
    "printer_setup": (
        Case(("Receipt printer not detected",),
             ("I connected the {printer_en} over USB but {brand} doesn't detect it.",),
             ("Install the print connector first (Settings > Devices > Download connector) and "
              "restart the computer; the printer will then show up in the list.",),
             ("Fixed, thank you!", "!Tried that, same problem.")),
        Case(("Printer prints strange characters",),
             ("The printer outputs random symbols instead of the receipt.",),
             ("That usually means the paper width or mode doesn't match. Go to Settings > "
              "Devices > Printer, choose \"{width}\" and print a test page. If it still looks "
              "wrong, switch the mode to ESC/POS.",),
             ("That was it, thanks.",)),
    ),
    "hardware": (
        Case(("Cash drawer won't open",),
             ("The cash drawer no longer opens when we charge a sale.",),
             ("The drawer opens on a signal from the printer: check that the RJ11 cable goes to "
              "the printer, then enable \"Open drawer on payment\" under Devices.",),
             ("It was the cable. Thanks!",)),
    ),
    "sync_error": (
        Case(("Sync error {error}", "Sales not syncing"),
             ("Since yesterday the register at {branch} shows \"Sync error {error}\" and sales "
              "are missing from the report.",),
             ("Error {error} appears when two registers edit the same product at once. We forced "
              "a sync on our side; please check the report in a few minutes.",),
             ("They're showing up now.",)),
    ),
    "feature_question": (
        Case(("Question about reports",),
             ("Is there a way to see how much each employee sold today?",),
             ("Yes! Go to Reports > Sales and filter by \"Seller\". You can also have the report "
              "emailed to you every night.",),
             ("Perfect, thanks.",)),
    ),
    "plan_upgrade": (
        Case(("Upgrade to {next_plan}", "Adding users for a new location"),
             ("We're opening a new store in {city} and would like to move to {next_plan}. How "
              "much is it per user?",),
             ("{next_plan} is {next_price} USD per user per month and the change is prorated on "
              "your next invoice. You can switch in Settings > Plan, or we can do it for you.",),
             ("?Please do it for us.",),
             ("Done! You'll see the prorated change on your next invoice.",)),
    ),
    "cancellation": (
        Case(("Cancel subscription",),
             ("We're closing the shop at the end of the month. How do we cancel and what "
              "happens to our data?",),
             ("Sorry to see you go. You can cancel from Settings > Plan > Cancel; the service "
              "stays active until the end of the paid period and you can export all data "
              "before then.",),
             ("Thanks, done.",)),
    ),
}


def english(topic: Topic) -> Topic:
    """The English version of ``topic`` (same key, group and tags)."""
    return Topic(topic.key, topic.weight, topic.group, topic.tags, _EN[topic.key],
                 topic.needs_order, topic.urgent_share)
