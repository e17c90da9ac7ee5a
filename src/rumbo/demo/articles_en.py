"""English versions of the most read articles; each shares its key with the Spanish one."""

from __future__ import annotations

from rumbo.demo.articles import Text, article


def en(
    key: str,
    title: str,
    intro: str,
    steps: tuple[str, ...],
    note: str,
    before: str | None = None,
    draft: bool = False,
) -> Text:
    # The category comes from the Spanish article with the same key.
    return article(key, "", title, intro, steps, note, before, draft)


# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
ENGLISH: tuple[Text, ...] = (
    en(
        "recuperar-contrasena",
        "Forgot your password? How to reset it",
        "If you can't remember your password you can set a new one in a couple of minutes. For "
        "your security, our support team will never ask for your password and cannot see it.",
        (
            'On the sign-in screen, click "Forgot your password?".',
            'Enter your user\'s email and click "Send link".',
            "Open the email from no-responder@tenderete.example and click the link. It is valid "
            "for 30 minutes.",
            "Type your new password twice and save it.",
        ),
        "If the email hasn't arrived after five minutes, check your spam and Promotions "
        "folders. If the link says it has expired, request a new one: only the latest link "
        "works.",
    ),
    en(
        "agregar-usuarios",
        "Add employees and set their permissions",
        "Everyone who takes payments or manages your shop should have their own user, so you "
        "know who made each sale and can limit what each person sees.",
        (
            'Go to Settings > Users and click "Invite".',
            "Enter the person's name and email.",
            "Choose a role: Cashier, Manager or Administrator.",
            "If you have several locations, tick the ones they can work in.",
            'Click "Send invitation". They\'ll get an email to create their password.',
        ),
        "Each active user counts towards your plan. If you have reached your user limit, the "
        '"Invite" button will offer to add more.',
        before="You need a user with the Administrator role.",
    ),
    en(
        "descargar-facturas",
        "Download your Tenderete invoices",
        "Every invoice for your subscription is stored in your account, and you can download it "
        "as PDF and XML whenever you need it.",
        (
            "Sign in as an administrator.",
            "Go to Settings > Billing > History.",
            'Pick the month and click "PDF" or "XML".',
            'If your accountant needs several, click "Download all" to get a ZIP file.',
        ),
        "Invoices are issued on the 1st of each month. If you don't see last month's invoice by "
        "the 2nd, write to us and we'll re-send it.",
    ),
    en(
        "metodo-pago",
        "Update your card or payment method",
        "We charge the subscription on the 1st of each month to the card on file. If your card "
        "has expired or you changed banks, update it to avoid interruptions.",
        (
            "Go to Settings > Billing > Payment method.",
            'Click "Change card".',
            "Enter the new card details and confirm.",
            "If a payment was pending, we'll retry it within a few minutes.",
        ),
        "If a payment fails you have a 7-day grace period before the account becomes read-only. "
        "We will never ask for your card details by email.",
    ),
    en(
        "devoluciones",
        "Returns policy and how to start a return",
        "You have 30 days from delivery to return any unused product in its original box.",
        (
            "Go to tienda.tenderete.example > My orders.",
            'Pick the order and click "Return".',
            "Tell us the reason and which products.",
            "Print the return label and drop the parcel at the courier.",
        ),
        "Opened thermal paper rolls can't be returned. If the product arrived damaged, see the "
        "damaged-products article: that process is faster.",
    ),
    en(
        "impresora-termica",
        "Set up the thermal receipt printer",
        "The 58 mm and 80 mm thermal printers from our store work with Tenderete on Windows, "
        "macOS and Android tablets. Setup takes about five minutes.",
        (
            "Connect the printer over USB and switch it on.",
            "In Tenderete, go to Settings > Devices > Download connector and install it.",
            "Restart the computer.",
            "Go back to Devices > Printer, pick your printer and the paper width (58 or 80 mm).",
            'Click "Print test page".',
        ),
        "If the printer isn't listed, try another USB port and make sure the connector is "
        "running (you'll see its icon next to the clock).",
        before="Have a thermal paper roll of the right width at hand.",
    ),
    en(
        "modo-sin-conexion",
        "Selling without internet: offline mode",
        "If the internet or our servers go down, the desktop app keeps selling. Sales are stored "
        "on the device and upload automatically when the connection is back.",
        (
            'You\'ll see a yellow "Offline" banner at the top.',
            "Keep charging as usual; receipts print normally.",
            'When the connection returns, the banner changes to "Syncing".',
            "Wait for it to disappear before closing the app.",
        ),
        "Offline mode can't take card payments through the built-in reader or check other "
        "locations' stock.",
        before="Offline mode works only in the desktop app, not in the browser.",
    ),
    en(
        "comparar-planes",
        "Basic, Pro and Enterprise plans: what each includes",
        "All plans are billed per user per month, in US dollars, and include updates and chat "
        "support.",
        (
            "Basic (USD 9): point of sale, single-location inventory and daily reports.",
            "Pro (USD 19): multiple locations, batches and expiry dates, per-seller reports.",
            "Enterprise (USD 35): everything above plus API, advanced permissions and an account "
            "manager.",
        ),
        "For chains with more than 150 users we offer volume pricing.",
    ),
    en(
        "cancelar-suscripcion",
        "Cancel your subscription",
        "You can cancel at any time, with no penalty.",
        (
            "Go to Settings > Plan > Cancel subscription.",
            "Tell us why (it helps us improve).",
            "Confirm.",
        ),
        "Service stays active until the end of the paid period. Export your data before then.",
        draft=True,
    ),
    en(
        "correos-falsos",
        "How to spot fake emails claiming to be from Tenderete",
        "Some people send emails pretending to be Tenderete to steal passwords or card details. "
        "We will never ask for them by email, chat or phone.",
        (
            "Check the sender: we only write from addresses ending in @tenderete.example.",
            'Be wary of urgent messages ("your account will be suspended today").',
            "Don't click links: go to app.tenderete.example yourself.",
            "Forward the suspicious email to seguridad@tenderete.example.",
        ),
        "If you already typed your password on a fake page, change it right away and turn on "
        "two-step verification. If you gave card details, call your bank.",
    ),
)
