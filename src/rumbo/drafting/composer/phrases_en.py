"""English phrasing: the same parts as the Spanish tables, several ways to say each."""

from __future__ import annotations

COMMON: dict[str, list[str]] = {
    "greeting": ["Hi {name},", "Hello {name},"],
    "greeting_anonymous": ["Hello,"],
    "contact_status": [
        "You can follow the service status at {status_page}.",
        "Live updates are posted at {status_page}.",
    ],
    "contact_email": [
        "If you need help, write to us at {support_email}.",
        "For any question, email us at {support_email}.",
        "We are at {support_email} for anything you need.",
    ],
    "contact_phone": [
        "You can also call us on {phone}.",
        "If you would rather talk to someone, call us on {phone}.",
    ],
    "contact_help": ["More help is available at {help_center}."],
    "contact_reply": [
        "If you have any questions, reply to this message and we will help.",
        "Reply to this message if you need help.",
    ],
    "st_contact_email": [
        "Anyone with questions can write to {support_email}.",
        "Questions are welcome at {support_email}.",
    ],
    "st_contact_phone": ["We can also be reached on {phone}."],
    "st_contact_status": ["Every update will be posted at {status_page}."],
    "st_contact_none": ["Anyone with questions can contact us through our usual channels."],
    "sms_greeting": ["Hi {name}!"],
    "sms_apology": ["Sorry for the trouble."],
    "sms_status": ["Updates at {status_page}"],
    "sms_email": ["Questions? {support_email}"],
    "sms_reply": ["Questions? Reply to this message."],
    "closing": ["Best regards,", "Kind regards,", "Thank you for your trust,"],
    "team_signature": ["The {brand} team"],
    "anonymous_signature": ["The customer care team"],
}

SITUATIONS: dict[str, dict[str, list[str]]] = {
    "outage": {
        "sms_opening": [
            "{service} is down for {about_duration}.",
            "{service} is down for now.",
        ],
        "subject": ["Service interruption", "{service} is unavailable for now"],
        "personal": [
            "We know {company} relies on the {plan} plan every day.",
            "We know how much the service matters to the team at {company}.",
        ],
        "opening": [
            "{service} is unavailable right now, and we expect the interruption to last "
            "{about_duration}.",
            "We are dealing with an outage: {service} will be unavailable for {about_duration}.",
            "{service} is unavailable right now.",
            "We are dealing with an outage and {service} is not working for now.",
        ],
        "action": [
            "Our {engineering} team is already working to restore it.",
            "The {engineering} team is working on a fix.",
            "Our team is already working to restore it.",
        ],
        "apology": [
            "We apologise for the disruption.",
            "We are sorry for the trouble this causes you.",
            "We are very sorry for the inconvenience.",
        ],
        "next": [
            "We will let you know as soon as it is back.",
            "We will confirm here as soon as it is resolved.",
        ],
        "st_opening": [
            "{service} is unavailable right now, and we expect the interruption to last "
            "{about_duration}.",
            "{service} is unavailable right now.",
        ],
        "st_apology": ["We apologise to our customers for the disruption."],
        "st_next": ["We will share an update as soon as the service is back."],
    },
    "unhappy_customer": {
        "subject": ["About what happened", "About your experience with us"],
        "personal": [
            "We have order {order} in front of us.",
            "We have your request “{ticket}” in front of us.",
        ],
        "opening": [
            "About your order {request_order}: we understand your frustration, and thank you "
            "for telling us what happened.",
            "We understand your frustration, and thank you for telling us what happened.",
            "Thank you for writing to us; we understand this is not what you expected.",
        ],
        "apology": [
            "We apologise for what happened.",
            "We are truly sorry about this experience.",
        ],
        "action": [
            "We are reviewing the case with the team responsible to put it right.",
            "We are already looking into the case to find a solution.",
        ],
        "next": [
            "We will write again as soon as we have an answer.",
            "We will keep you posted on every step here.",
        ],
        "st_opening": ["We know some customers had a poor experience with us."],
        "st_apology": ["We apologise to everyone affected."],
        "st_next": ["We are reviewing every case to put it right."],
    },
    "data_leak": {
        "subject": ["Important notice about the security of your data"],
        "sms_opening": [
            "We suffered a data leak that exposed {data}.",
            "We suffered a leak of customer data.",
        ],
        "personal": [],
        "opening": [
            "We are writing to let you know about a data leak that exposed customers' {data}.",
            "We suffered a data leak in which customers' {data} were exposed.",
            "We are writing to let you know about a data leak affecting customer information.",
        ],
        "apology": ["We are deeply sorry for what happened.", "We apologise for this situation."],
        "action": [
            "We are investigating what happened and will notify the authorities as the law "
            "requires.",
            "We are investigating the scope of the incident and will notify the authorities as "
            "the law requires.",
        ],
        "advice": [
            "We will never ask for passwords or payment details by email, phone or message: be "
            "wary of anyone who does, even if they know your details.",
            "You may receive fake messages that use this data to look genuine: never share "
            "passwords or codes with anyone.",
        ],
        "advice_passwords": ["As a precaution, please change your password."],
        "advice_cards": [
            "Check your card statements and tell your bank if anything looks wrong.",
        ],
        "next": ["We will share updates here as the investigation progresses."],
        "st_opening": [
            "We suffered a data leak that exposed customers' {data}.",
            "We suffered a data leak affecting customer information.",
        ],
        "st_apology": ["We apologise to everyone affected."],
        "st_action": [
            "We are investigating the scope of the incident and will notify the authorities "
            "and the people affected as each country's law requires.",
        ],
        "st_advice": [
            "We never ask for passwords or payment details by email, phone or message; please "
            "distrust any message that does so using this data.",
        ],
        "st_next": ["We will share updates as the investigation progresses."],
    },
    "political": {
        "subject": ["Our position: neutrality", "About our position"],
        "opening": [
            "As a company, we do not take sides in political or electoral matters.",
            "We do not support any party or candidate.",
        ],
        "action": [
            "We serve everyone equally, whatever their views.",
            "Our job is to give every customer good service, without distinction.",
        ],
        "next": ["We ask that conversations on our channels stay respectful."],
        "st_opening": [
            "{brand} does not take sides in political or electoral matters.",
            "{brand} does not support any party or candidate.",
            "As a company, we do not take sides in political or electoral matters.",
        ],
        "st_action": [
            "We serve everyone equally, whatever their views.",
            "Our job is to give every customer good service, without distinction.",
        ],
        "st_next": ["We ask that conversations on our channels stay respectful."],
    },
    "competitor": {
        "subject": ["About the comments going around", "Setting the record straight"],
        "personal": [
            "If you are comparing options, we would be glad to review the {plan} plan of "
            "{company} with you.",
        ],
        "opening": [
            "We have seen comments about our service going around on social media, and we "
            "would rather answer them clearly.",
            "We know there are comments going around about our service.",
        ],
        "action": [
            "If anything you read worries you, we will go through it with you point by point.",
            "We answer any specific question directly, with the facts of your account.",
        ],
        "next": [],
        "st_opening": [
            "We have seen claims about our service going around on social media.",
            "We know there are comments going around about our service.",
        ],
        "st_action": [
            "We answer every customer's questions directly and with verifiable information.",
        ],
        "st_next": [],
    },
    "key_account": {
        "subject": ["We are still by your side", "A conversation about the service"],
        "personal": [
            "Today {company} works with the {plan} plan: {seats} users at {price} per user.",
            "Today {company} works with the {plan} plan and {seats} users.",
            "Thank you for the trust {company} places in us.",
        ],
        "opening": [
            "Before the renewal on {renewal}, we would like to review with you how the service "
            "is working for your team.",
            "We would like to review with you how the service is working for your team and what "
            "we can improve.",
        ],
        "offer": [
            "We know you are weighing other proposals; before you decide, let us talk about "
            "what you need.",
        ],
        "action": [],
        "next": [
            "Could we schedule a call this week?",
            "Would you have a few minutes for a call this week?",
        ],
        "st_opening": ["We remain committed to every customer."],
        "st_next": [],
    },
    "surge": {
        "subject": ["Our replies are taking longer than usual"],
        "sms_opening": [
            "High demand: replies may take up to {duration}.",
            "High demand: replies are taking longer.",
        ],
        "opening": [
            "Because of high demand these days, our replies may take up to {duration}.",
            "We are receiving many more requests than usual, and replies are taking longer.",
        ],
        "apology": [
            "Thank you for your patience, and sorry for the wait.",
            "We apologise for the wait.",
        ],
        "action": ["We answer every request in the order it arrives."],
        "next": ["No need to write again: your request is already in the queue."],
        "st_opening": [
            "Because of high demand these days, our replies may take up to {duration}.",
            "We are receiving many more requests than usual.",
        ],
        "st_apology": ["We apologise for the wait."],
        "st_next": ["We answer every request in the order it arrives."],
    },
    "general": {
        "subject": ["News about {service}", "Important information"],
        "opening": [
            "We would like to let you know that {news}.",
            "We are writing to let you know that {news}.",
            "Here is an update for you: {topic}.",
            "We would like to share some news about {service}.",
        ],
        "next": [],
        "st_opening": ["We would like to announce that {news}.", "We have news about {service}."],
        "st_next": [],
    },
}

COMPENSATION: dict[str, list[str]] = {
    "discount": [
        "To make up for it, we are offering you a {percent}% discount.",
        "To make up for it, we are offering you a discount.",
    ],
    "credit": [
        "To make up for it, we are offering you a credit of {amount}.",
        "To make up for it, we are adding a credit to your account.",
    ],
    "refund": ["We will refund {amount}.", "We will refund the amount."],
    "free_period": ["To make up for it, we are offering you a free period."],
}

WORDS = {
    "service": "the service",
    "engineering": "engineering",
    "hours": ("hour", "hours"),
    "minutes": ("minute", "minutes"),
    "days": ("day", "days"),
    "months": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
}  # fmt: skip
