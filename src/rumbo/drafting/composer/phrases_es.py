"""Spanish phrasing: several ways to say each part, in tú/usted/vos (``[tú|usted|vos]``).

Second-person slots speak to the reader; ``st_`` slots are for public statements, written in the
third person so they read right for everyone. ``{field}`` names a fact; see ``forms``.
"""

from __future__ import annotations

COMMON: dict[str, list[str]] = {
    "greeting": ["Hola, {name}:", "¡Hola, {name}!"],
    "greeting_anonymous": ["Hola:"],
    "contact_status": [
        "[Puedes|Puede|Podés] seguir el estado del servicio en {status_page}.",
        "El estado del servicio se actualiza en {status_page}.",
    ],
    "contact_email": [
        "Si [necesitas|necesita|necesitás] ayuda, [escríbenos|escríbanos|escribinos] a "
        "{support_email}.",
        "Para cualquier duda, [escríbenos|escríbanos|escribinos] a {support_email}.",
        "Estamos en {support_email} para lo que [necesites|necesite|necesites].",
    ],
    "contact_phone": [
        "También [puedes|puede|podés] llamarnos al {phone}.",
        "Si [prefieres|prefiere|preferís] hablar con alguien, [llámanos|llámenos|llamanos] al "
        "{phone}.",
    ],
    "contact_help": ["[Encuentra|Encuentre|Encontrá] más ayuda en {help_center}."],
    "contact_reply": [
        "Si [tienes|tiene|tenés] dudas, [responde|responda|respondé] a este mensaje y "
        "[te|le|te] ayudamos.",
        "[Responde|Responda|Respondé] a este mensaje si [necesitas|necesita|necesitás] ayuda.",
    ],
    "st_contact_email": [
        "Las personas que tengan dudas pueden escribir a {support_email}.",
        "Atendemos cualquier consulta en {support_email}.",
    ],
    "st_contact_phone": ["También atendemos en el {phone}."],
    "st_contact_status": ["Publicaremos cada novedad en {status_page}."],
    "st_contact_none": [
        "Quienes tengan dudas pueden contactarnos por los canales habituales.",
    ],
    "sms_greeting": ["¡Hola, {name}!"],
    "sms_apology": ["Perdón por las molestias."],
    "sms_status": ["Estado: {status_page}"],
    "sms_email": ["¿Dudas? {support_email}"],
    "sms_reply": ["¿Dudas? [Responde|Responda|Respondé] este mensaje."],
    "closing": ["Un saludo,", "Saludos cordiales,", "Gracias por [tu|su|tu] confianza,"],
    "team_signature": ["El equipo de {brand}", "Equipo de {brand}"],
    "anonymous_signature": ["El equipo de atención al cliente"],
}

SITUATIONS: dict[str, dict[str, list[str]]] = {
    "outage": {
        "sms_opening": [
            "{service} no está disponible por {about_duration}.",
            "{service} no está disponible por ahora.",
        ],
        "subject": ["Interrupción del servicio", "Aviso: {service} no está disponible por ahora"],
        "personal": [
            "Sabemos que en {company} usan el plan {plan} a diario.",
            "Sabemos lo importante que es el servicio para el día a día de {company}.",
        ],
        "opening": [
            "{service} no está disponible en este momento y calculamos que la interrupción "
            "durará {about_duration}.",
            "Estamos teniendo una interrupción: {service} no estará disponible durante "
            "{about_duration}.",
            "{service} no está disponible en este momento.",
            "Estamos teniendo una interrupción y {service} no funciona por ahora.",
        ],
        "action": [
            "Nuestro equipo de {engineering} ya está trabajando para restablecerlo.",
            "El equipo de {engineering} trabaja en la solución.",
            "Nuestro equipo ya trabaja para restablecerlo.",
        ],
        "apology": [
            "[Te|Le|Te] pedimos disculpas por las molestias.",
            "Lamentamos mucho los inconvenientes que esto [te|le|te] causa.",
            "Sentimos mucho este inconveniente.",
        ],
        "next": [
            "[Te|Le|Te] avisaremos en cuanto el servicio vuelva a funcionar.",
            "Apenas esté resuelto, [te lo|se lo|te lo] confirmaremos por este medio.",
        ],
        "st_opening": [
            "{service} no está disponible en este momento y calculamos que la interrupción "
            "durará {about_duration}.",
            "{service} no está disponible en este momento.",
        ],
        "st_apology": ["Pedimos disculpas a nuestros clientes por las molestias."],
        "st_next": ["Informaremos en cuanto el servicio vuelva a funcionar."],
    },
    "unhappy_customer": {
        "subject": ["Sobre lo ocurrido con [tu|su|tu] pedido", "Sobre [tu|su|tu] experiencia"],
        "personal": [
            "Tenemos a la vista el pedido {order}.",
            "Tenemos presente [tu|su|tu] consulta «{ticket}».",
        ],
        "opening": [
            "Sobre [tu|su|tu] pedido {request_order}: entendemos [tu|su|tu] molestia y gracias "
            "por contarnos lo que pasó.",
            "Entendemos [tu|su|tu] molestia y gracias por contarnos lo que pasó.",
            "Gracias por [escribirnos|escribirnos|escribirnos]; entendemos que esto no es lo que "
            "[esperabas|esperaba|esperabas].",
            "Leímos [tu|su|tu] mensaje y entendemos el enojo.",
        ],
        "apology": [
            "[Te|Le|Te] pedimos disculpas por lo ocurrido.",
            "Lamentamos mucho esta experiencia.",
            "Sentimos mucho lo que pasó.",
        ],
        "action": [
            "Vamos a revisar el caso con el equipo responsable para resolverlo.",
            "Ya estamos revisando el caso para encontrar una solución.",
        ],
        "next": [
            "[Te|Le|Te] escribiremos en cuanto tengamos una respuesta.",
            "[Te|Le|Te] contaremos cada avance por este medio.",
        ],
        "st_opening": ["Sabemos que algunos clientes tuvieron una mala experiencia con nosotros."],
        "st_apology": ["Pedimos disculpas a quienes se vieron afectados."],
        "st_next": ["Estamos revisando cada caso para resolverlo."],
    },
    "data_leak": {
        "subject": ["Aviso importante sobre la seguridad de [tus|sus|tus] datos"],
        "sms_opening": [
            "Sufrimos una fuga de datos que expuso {data}.",
            "Sufrimos una fuga de datos de clientes.",
        ],
        "personal": [],
        "opening": [
            "[Te|Le|Te] escribimos para informar[te|le|te] de una fuga de datos que expuso "
            "{data} de nuestros clientes.",
            "Sufrimos una filtración de datos en la que quedaron expuestos {data} de clientes.",
            "[Te|Le|Te] escribimos para informar[te|le|te] de una fuga de datos que afecta "
            "información de nuestros clientes.",
        ],
        "apology": [
            "Lamentamos profundamente lo ocurrido.",
            "[Te|Le|Te] pedimos disculpas por esta situación.",
        ],
        "action": [
            "Estamos investigando lo ocurrido y haremos las notificaciones a las autoridades "
            "según la normativa.",
            "Investigamos el alcance de lo ocurrido y notificaremos a las autoridades según la "
            "normativa.",
        ],
        "advice": [
            "Nunca [te|le|te] pediremos contraseñas ni datos de pago por correo, teléfono o "
            "mensaje: [desconfía|desconfíe|desconfiá] de quien lo haga, aunque conozca "
            "[tus|sus|tus] datos.",
            "Es posible que [recibas|reciba|recibas] mensajes falsos que usan estos datos para "
            "parecer legítimos: no [compartas|comparta|compartas] contraseñas ni códigos con "
            "nadie.",
        ],
        "advice_passwords": [
            "Por precaución, [cambia|cambie|cambiá] [tu|su|tu] contraseña.",
        ],
        "advice_cards": [
            "[Revisa|Revise|Revisá] los movimientos de la tarjeta y [avisa|avise|avisá] al banco "
            "si algo no cuadra.",
        ],
        "next": [
            "Compartiremos novedades por este medio a medida que avance la investigación.",
        ],
        "st_opening": [
            "Informamos que sufrimos una fuga de datos que expuso {data} de clientes.",
            "Informamos que sufrimos una fuga de datos que afecta información de clientes.",
        ],
        "st_apology": ["Pedimos disculpas a las personas afectadas."],
        "st_action": [
            "Investigamos el alcance de lo ocurrido y notificaremos a las autoridades y a las "
            "personas afectadas según la normativa de cada país.",
        ],
        "st_advice": [
            "Nunca pedimos contraseñas ni datos de pago por correo, teléfono o mensaje; "
            "recomendamos desconfiar de cualquier mensaje que lo haga usando estos datos.",
        ],
        "st_next": ["Compartiremos novedades a medida que avance la investigación."],
    },
    "political": {
        "subject": ["Nuestra posición: neutralidad", "Sobre nuestra posición"],
        "opening": [
            "Como empresa, no tomamos partido en asuntos políticos ni electorales.",
            "No apoyamos a ningún partido ni candidato.",
        ],
        "action": [
            "Atendemos a todas las personas por igual, piensen como piensen.",
            "Nuestro trabajo es dar un buen servicio a cada cliente, sin distinción.",
        ],
        "next": ["Pedimos que la conversación en nuestros canales sea respetuosa."],
        "st_opening": [
            "{brand} no toma partido en asuntos políticos ni electorales.",
            "{brand} no apoya a ningún partido ni candidato.",
            "Como empresa, no tomamos partido en asuntos políticos ni electorales.",
        ],
        "st_action": [
            "Atendemos a todas las personas por igual, piensen como piensen.",
            "Nuestro trabajo es dar un buen servicio a cada cliente, sin distinción.",
        ],
        "st_next": ["Pedimos que la conversación en nuestros canales sea respetuosa."],
    },
    "competitor": {
        "subject": ["Sobre los comentarios que circulan", "Aclaración sobre nuestro servicio"],
        "personal": [
            "Si [estás|está|estás] comparando opciones, con gusto revisamos "
            "[contigo|con usted|con vos] el plan {plan} de {company}.",
        ],
        "opening": [
            "Vimos comentarios sobre nuestro servicio que circulan en redes y preferimos "
            "responder con claridad.",
            "Sabemos que circulan comentarios sobre nuestro servicio.",
        ],
        "action": [
            "Si algo de lo que [leíste|leyó|leíste] [te|le|te] preocupa, lo revisamos "
            "[contigo|con usted|con vos] punto por punto.",
            "Cualquier duda concreta, la respondemos directamente y con datos de [tu|su|tu] "
            "cuenta.",
        ],
        "next": [],
        "st_opening": [
            "Vimos afirmaciones sobre nuestro servicio que circulan en redes.",
            "Sabemos que circulan comentarios sobre nuestro servicio.",
        ],
        "st_action": [
            "Respondemos cada consulta de nuestros clientes directamente y con información "
            "verificable.",
        ],
        "st_next": [],
    },
    "key_account": {
        "subject": ["Seguimos a [tu|su|tu] lado", "Una conversación sobre el servicio"],
        "personal": [
            "Hoy {company} trabaja con el plan {plan}: {seats} usuarios a {price} por usuario.",
            "Hoy {company} trabaja con el plan {plan} y {seats} usuarios.",
            "Gracias por la confianza de {company} en nosotros.",
        ],
        "opening": [
            "Antes de la renovación del {renewal}, nos gustaría revisar "
            "[contigo|con usted|con vos] cómo funciona el servicio para [tu|su|tu] equipo.",
            "Nos gustaría revisar [contigo|con usted|con vos] cómo funciona el servicio para "
            "[tu|su|tu] equipo y qué podemos mejorar.",
        ],
        "offer": [
            "Sabemos que [estás|está|estás] evaluando otras propuestas; antes de decidir, "
            "conversemos sobre lo que [necesitas|necesita|necesitás].",
        ],
        "action": [],
        "next": [
            "¿[Te|Le|Te] parece si agendamos una llamada esta semana?",
            "¿[Tienes|Tiene|Tenés] unos minutos esta semana para una llamada?",
        ],
        "st_opening": ["Seguimos comprometidos con cada cliente."],
        "st_next": [],
    },
    "surge": {
        "subject": ["Nuestras respuestas tardan más de lo habitual"],
        "sms_opening": [
            "Por la alta demanda, respondemos en hasta {duration}.",
            "Por la alta demanda, nuestras respuestas tardan más.",
        ],
        "opening": [
            "Por la alta demanda de estos días, nuestras respuestas pueden tardar hasta "
            "{duration}.",
            "Estamos recibiendo muchas más consultas de lo habitual y las respuestas tardan más.",
        ],
        "apology": [
            "Gracias por [tu|su|tu] paciencia y disculpa la demora.",
            "[Te|Le|Te] pedimos disculpas por la espera.",
        ],
        "action": ["Respondemos cada consulta por orden de llegada."],
        "next": [
            "No hace falta escribir de nuevo: [tu|su|tu] consulta ya está en la fila.",
        ],
        "st_opening": [
            "Por la alta demanda de estos días, nuestras respuestas pueden tardar hasta "
            "{duration}.",
            "Estamos recibiendo muchas más consultas de lo habitual.",
        ],
        "st_apology": ["Pedimos disculpas por la espera."],
        "st_next": ["Respondemos cada consulta por orden de llegada."],
    },
    "general": {
        "subject": ["Una novedad sobre {service}", "Información importante"],
        "opening": [
            "Queremos contar[te|le|te] que {news}.",
            "[Te|Le|Te] escribimos para contar[te|le|te] que {news}.",
            "Queremos informar[te|le|te] sobre lo siguiente: {topic}.",
            "Queremos contar[te|le|te] una novedad sobre {service}.",
        ],
        "next": [],
        "st_opening": ["Informamos que {news}.", "Queremos compartir una novedad sobre {service}."],
        "st_next": [],
    },
}

COMPENSATION: dict[str, list[str]] = {
    "discount": [
        "Como compensación, [te|le|te] ofrecemos un {percent} % de descuento.",
        "Como compensación, [te|le|te] ofrecemos un descuento.",
    ],
    "credit": [
        "Como compensación, [te|le|te] ofrecemos un crédito de {amount}.",
        "Como compensación, [te|le|te] ofrecemos un crédito en [tu|su|tu] cuenta.",
    ],
    "refund": [
        "[Te|Le|Te] reembolsaremos {amount}.",
        "[Te|Le|Te] devolveremos el importe.",
    ],
    "free_period": ["Como compensación, [te|le|te] ofrecemos un periodo sin costo."],
}

WORDS = {
    "service": "el servicio",
    "engineering": "ingeniería",
    "hours": ("hora", "horas"),
    "minutes": ("minuto", "minutos"),
    "days": ("día", "días"),
    "months": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip
