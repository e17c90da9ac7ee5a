"""What people wrote during the crises of the period, and how the team answered."""

from __future__ import annotations

# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
OUTAGE_SUBJECTS = (
    "No carga el sistema", "¿Está caído {brand}?", "Error 503", "URGENTE: no podemos cobrar",
    "Se cayó el punto de venta", "{brand} no funciona", "error 503 service unavailable",
    "No abre la app", "¿Falla general?", "Todas las cajas sin sistema",
)
OUTAGE_BODIES = (
    "{hello} No carga el sistema desde hace <20 minutos|media hora|un rato>, sale \"error 503\". "
    "Tenemos fila de clientes. ¿Está caído?",
    "¿Está caído {brand}? Ninguna de las <3|4|2> cajas carga y no podemos cobrar. URGENTE",
    "Me sale error 503 Service Unavailable en todas las computadoras. Ya reinicié el módem y "
    "nada. {bye}",
    "{hello} La app se queda en blanco y luego dice error 503. ¿Es falla de ustedes o de "
    "nuestro internet?",
    "No podemos vender!!! el sistema no carga y <es quincena|es día de pago|hay promoción>, la "
    "tienda está llena",
    "[Oigan,|Disculpen,|Che,] no carga nada, error 503. ¿Está caído? Tengo el local lleno de "
    "gente.",
    "{hello} ¿Hay alguna falla? No carga el inventario ni el punto de venta. ¿Cuánto va a tardar?",
)
OUTAGE_SOCIAL = (
    "@tenderete_app ¿está caído el sistema? Error 503 desde hace media hora y no podemos "
    "cobrar 😡",
    "@tenderete_app no carga nada, ¿qué pasa? Tengo clientes esperando #caída",
    "Oigan @tenderete_app ¿está caído? Error 503 en todas las cajas",
    "@tenderete_app llevamos una hora sin poder vender. ¿Alguien sabe algo? error 503",
)
OUTAGE_EN = (
    "Is {brand} down? Getting error 503 on all registers.",
    "The system won't load, 503 error. We can't take payments. Please advise ASAP.",
)
OUTAGE_REPLY = (
    "Estamos al tanto: desde las {start} <hay|tenemos> una falla en nuestros servidores que "
    "impide cargar {brand}. El equipo técnico ya está trabajando para resolverla. Mientras "
    "tanto, [puedes|puede|podés] seguir vendiendo en modo sin conexión desde la app de "
    "escritorio; las ventas se sincronizan solas cuando vuelva el servicio. Publicamos avances "
    "en {status_url}."
)
OUTAGE_REPLY_EN = (
    "We're aware: since {start} an issue on our servers is preventing {brand} from loading. The "
    "engineering team is working on it. Meanwhile you can keep selling in offline mode from "
    "the desktop app; sales will sync when service is back. Updates at {status_url}."
)
OUTAGE_RESOLVED = (
    "El servicio quedó restablecido a las {end}. Las ventas hechas sin conexión ya se "
    "sincronizaron. [Te|Le|Te] pedimos disculpas: sabemos lo que significa no poder cobrar "
    "con la tienda llena."
)
OUTAGE_RESOLVED_EN = (
    "Service was fully restored at {end} and offline sales have synced. We're sorry for the "
    "disruption."
)
OUTAGE_FOLLOWUPS = (
    "Ya volvió, pero perdimos ventas toda la mañana.", "¿Van a compensar el tiempo sin servicio?",
    "Gracias, ya funciona.", "Ok, ya carga. Ojalá no se repita.",
)
OUTAGE_NOTE = (
    "Incidente INC-0412: caída del clúster principal de base de datos. Inicio {start_utc} UTC. "
    "Responder con la macro de incidente y no prometer compensaciones hasta que lo defina "
    "Dirección."
)

INFLUENCER_EMAIL = (
    "Hola, buenas tardes. Compré el kit mostrador hace más de dos semanas (pedido {order}) y "
    "todavía no llega. El rastreo de {courier} no se mueve. Lo necesito para abrir la segunda "
    "sucursal del café. ¿Me pueden ayudar? Gracias."
)
INFLUENCER_POST = (
    "Llevo más de tres semanas esperando el kit mostrador que le compré a @tenderete_app "
    "(pedido {order}). Pagué completo, nadie me responde los correos y mi segunda sucursal abre "
    "el lunes. Pésimo servicio. No se los recomiendo a nadie 😤"
)
INFLUENCER_REPLY = (
    "Hola, Renata. Lamentamos mucho la espera y no haberte respondido a tiempo. Te escribimos "
    "por mensaje directo para resolverlo hoy mismo.\n\nMariana, Tenderete"
)
INFLUENCER_AGAIN = (
    "Ya les contesté por DM y nada. Así tratan a los negocios pequeños. Varios de ustedes me "
    "están contando que les pasa lo mismo 👇"
)
INFLUENCER_NOTE = (
    "Pedido {order} extraviado en el centro de distribución de {courier}. Se autorizó reenvío "
    "urgente sin costo; falta la guía. La publicación ya tiene unas 12 mil interacciones: "
    "Comunicación coordina la respuesta pública."
)

PHISHING_SUBJECTS = (
    "¿Este correo es de ustedes?", "Correo sospechoso a nombre de {brand}",
    "¿Se filtraron nuestros datos?", "Phishing: piden actualizar la tarjeta",
    "Recibí un mensaje raro de \"{brand} Pagos\"", "Posible fraude con su nombre",
)
PHISHING_BODIES = (
    "{hello} Me llegó un correo de \"soporte@tenderete-pagos.net\" que dice que mi cuenta se "
    "suspende si no actualizo la tarjeta hoy. Lo raro es que tenía mi nombre, el de mi tienda y "
    "sabía que tengo el plan {plan}. ¿Es de ustedes? {bye}",
    "{hello} <Mi cajera|Mi encargado|Nuestro contador> dio clic en un enlace de un correo que "
    "parecía de {brand} y puso su usuario y contraseña. Después nos dimos cuenta de que la "
    "página era falsa. ¿Qué hacemos? {bye}",
    "{hello} ¿Tuvieron una filtración de datos? Recibí un correo falso con mis datos de cliente "
    "exactos: nombre, {tax_id}, correo y hasta el número de usuarios que tenemos ({seats}). Esto "
    "es grave. {bye}",
    "{hello} Varios colegas de la cámara de comercio recibieron el mismo correo falso de "
    "\"{brand} Pagos\" pidiendo datos de tarjeta. Todos somos clientes suyos. Necesitamos una "
    "explicación. {bye}",
)
PHISHING_EN = (
    "Did you have a data breach? I got an email from billing@tenderete-payments.net with my "
    "name, my shop and my plan, asking me to update my card today.",
)
PHISHING_REPLY = (
    "Ese correo no es de {brand}: nunca pedimos datos de tarjeta ni "
    "contraseñas por correo, y solo escribimos desde tenderete.example. Por favor, no [abras|"
    "abra|abras] el enlace ni [respondas|responda|respondas] el mensaje. Si alguien de [tu|su|"
    "tu] equipo ya escribió su contraseña, [cámbiala|cámbiela|cambiala] ahora en Configuración > "
    "Seguridad y [activa|active|activá] la verificación en dos pasos. Nuestro equipo de "
    "seguridad está investigando cómo obtuvieron estos datos y [te|le|te] escribiremos en "
    "cuanto sepamos más."
)
PHISHING_REPLY_EN = (
    "That email is not from {brand}: we never ask for card details "
    "or passwords by email. Please don't open the link. Our security team is investigating how "
    "those details were obtained and we'll write to you as soon as we know more."
)
PHISHING_FOLLOWUPS = (
    "¿Ya saben cómo obtuvieron mis datos?", "Ok, ya cambiamos las contraseñas.",
    "Necesito saber si mis datos fueron robados, por favor respondan.",
)
PHISHING_NOTE = (
    "Escalado a Legal (Ernesto): los correos falsos incluyen nombre, plan y número de usuarios "
    "de clientes reales. Posible exposición desde el proveedor de email marketing. Evaluar "
    "aviso a la autoridad de protección de datos."
)

KEY_ACCOUNT_SUBJECT = "Renovación del contrato y propuesta de {competitor}"
KEY_ACCOUNT_BODY = (
    "Buenos días, Andrea:\n\nNuestro contrato con {brand} vence el {renewal}. Les comento con "
    "transparencia que {competitor} nos presentó una propuesta 40% más barata por usuario, con "
    "migración sin costo y soporte en sitio.\n\nAdemás, la caída del {outage_date} dejó sin "
    "sistema a nuestras 42 sucursales durante más de cuatro horas, y todavía no recibimos una "
    "explicación formal ni una compensación.\n\nNecesitamos una contrapropuesta antes del "
    "{deadline}; de lo contrario, no renovaremos.\n\nSaludos,\nLorena Castañeda Ruiz\n"
    "Directora de Operaciones, Grupo Comercial Altamira"
)
KEY_ACCOUNT_REPLY = (
    "Estimada Lorena:\n\nGracias por la franqueza. Entendemos el impacto que tuvo la caída en "
    "sus sucursales y lamentamos no haberle enviado antes el informe del incidente; se lo "
    "comparto hoy mismo.\n\nLe propongo reunirnos el jueves con nuestro director comercial para "
    "presentarle una propuesta de renovación que incluya un crédito por el incidente y un "
    "compromiso de disponibilidad por contrato. ¿Le acomoda a las 10:00?\n\nAndrea Villalobos\n"
    "Gerente de cuentas, Tenderete"
)
KEY_ACCOUNT_AGAIN = (
    "Jueves a las 10:00 está bien. Vamos a comparar ambas propuestas en el comité de la semana "
    "siguiente."
)
KEY_ACCOUNT_OUTAGE = (
    "URGENTE: nuestras 42 sucursales están sin sistema, todas las cajas muestran error 503. "
    "Es hora pico. Necesitamos un estimado de cuándo se restablece."
)

RUMOUR_SUBJECTS = (
    "¿Es cierto que {competitor} compró a {brand}?", "¿Van a subir los precios?",
    "Rumor: desaparece el plan Básico", "¿{brand} va a cerrar?",
    "Me contactó un vendedor de {competitor}",
)
RUMOUR_BODIES = (
    "{hello} Un vendedor de {competitor} vino a la tienda y me dijo que ustedes van a subir los "
    "precios un 30% el próximo mes y que mejor me cambie con ellos. ¿Es verdad? {bye}",
    "{hello} En un grupo de Facebook de comerciantes de {city} dicen que {competitor} compró "
    "{brand} y que van a pasar a todos los clientes a su sistema. ¿Qué va a pasar con mis "
    "datos? {bye}",
    "{hello} Vi un video en TikTok que dice que el plan Básico va a desaparecer. ¿Me van a "
    "obligar a cambiarme de plan? {bye}",
    "{hello} Me dijeron que {brand} está en problemas y que va a cerrar a fin de año. ¿Es "
    "cierto? No quiero perder la información de mi negocio. {bye}",
)
RUMOUR_SOCIAL = (
    "@tenderete_app ¿es cierto que los compró {competitor}? Muchos emprendedores me están "
    "preguntando y no sé qué responderles."
)
RUMOUR_PUBLIC_REPLY = (
    "No es cierto: {brand} sigue siendo una empresa independiente y no hay ningún cambio de "
    "dueños ni de precios en camino. Si alguien de [tu|su|tu] comunidad tiene dudas, puede "
    "escribirnos por mensaje directo y se lo confirmamos. ¡Gracias por preguntar antes de "
    "compartir!"
)
RUMOUR_REPLY = (
    "Qué bueno que [nos preguntas|nos pregunta|nos preguntás] directamente. No es cierto: "
    "{brand} sigue siendo una empresa independiente, no tenemos planeado ningún aumento para "
    "[tu|su|tu] plan y no vamos a retirar el plan Básico. Si algún día cambiamos precios, "
    "[te|le|te] avisaremos por correo con al menos 60 días de anticipación. Y [tus|sus|tus] "
    "datos son [tuyos|suyos|tuyos]: [puedes|puede|podés] exportarlos cuando [quieras|quiera|"
    "quieras] desde Configuración > Exportar."
)

INVOICE_SUBJECTS = (
    "¿Dónde está mi factura de {month}?", "Factura de {month}", "No me llegó la factura de "
    "{month}", "factura {month}", "¿Dónde está mi factura de {month}?",
)
INVOICE_BODIES = (
    "Hola, ¿dónde está mi factura de {month}? No me ha llegado.",
    "Buenas, no me llegó la factura de {month}. ¿Me la pueden enviar?",
    "¿Dónde está mi factura de {month}? El contador la necesita.",
    "hola donde esta mi factura de {month}?? no llego nada al correo",
    "{hello} ¿Dónde está mi factura de {month}? Normalmente llega el día 1. {bye}",
)
INVOICE_EN = "Hi, where is my {month} invoice? It hasn't arrived yet."
INVOICE_REPLY = (
    "Por un retraso en el envío automático, las facturas de {month} salieron con un día de "
    "demora. Ya [te|le|te] la reenviamos al correo de facturación y también [puedes|puede|"
    "podés] descargarla en Configuración > Facturación > Historial. [Disculpa|Disculpe|"
    "Disculpá] la demora."
)
INVOICE_REPLY_EN = (
    "Our automatic invoice run for {month} went out a day late. We've re-sent yours to your "
    "billing email, and you can also download it from Settings > Billing > History."
)
