"""What customers write about on an ordinary day, and how the team answers.

Each topic holds a few cases; a case keeps a subject, the customer's message and the team's
answer about the same problem. Templates use the markers of :mod:`rumbo.demo.text`. Customer
text varies by country through ``{hello}`` and ``{bye}``; replies follow the customer's register.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    subjects: tuple[str, ...]
    bodies: tuple[str, ...]
    replies: tuple[str, ...]
    # The customer's second message: a leading "!" marks a problem that goes on, a leading "?"
    # a request that needs an answer; any other is a thank-you.
    followups: tuple[str, ...] = ()
    # The team's answer to the follow-up at the same position ("" for the usual one).
    closings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    key: str
    weight: float
    group: str
    tags: tuple[str, ...]
    cases: tuple[Case, ...]
    needs_order: bool = False
    urgent_share: float = 0.05


# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
HELLO = {
    "MX": ("Hola, buenas tardes.", "Buen día.", "Hola, qué tal.", "Oigan, una pregunta.", "Hola."),
    "CO": ("Buenas tardes.", "Buenos días, qué pena molestarlos.", "Hola, buen día.", "Buenas."),
    "AR": ("Hola, ¿qué tal?", "Buenas.", "Hola, buen día.", "Hola chicos."),
    "CL": ("Hola, buenas.", "Buenas tardes.", "Hola, ¿cómo están?", "Hola."),
    "PE": ("Buenas tardes.", "Hola, buen día.", "Buenas noches.", "Hola, buenas."),
}
BYE = {
    "MX": ("Gracias.", "Quedo al pendiente, gracias.", "Saludos.", "Gracias de antemano."),
    "CO": ("Muchas gracias.", "Quedo pendiente.", "Mil gracias.", "Agradezco su ayuda."),
    "AR": ("Gracias!", "Saludos.", "Quedo a la espera, gracias.", "Abrazo."),
    "CL": ("Gracias.", "Saludos.", "Quedo pendiente, gracias.", "Muchas gracias."),
    "PE": ("Gracias por su apoyo.", "Saludos cordiales.", "Quedo a la espera.", "Gracias."),
}

# Alternatives may sit inside a register group, never the other way round.
GREETING = (
    "[<¡Hola, {name}!|Hola, {name}, ¿cómo estás?>|<{daypart}, {name}.|Hola, {name}.>|"
    "<¡Hola, {name}!|Hola, {name}, ¿cómo estás?>] Gracias por [escribirnos|comunicarse con "
    "nosotros|escribirnos]."
)
CLOSING = (
    "[<Si necesitas algo más, aquí estamos.|Cualquier cosa, me escribes por aquí.>|"
    "<Quedamos atentos a cualquier duda.|Si necesita algo más, con gusto le ayudamos.>|"
    "<Si necesitás algo más, acá estamos.|Cualquier cosa, me escribís por acá.>]"
)

_DONE = ("Listo, ya quedó hecho: el ajuste prorrateado [aparecerá|aparecerá|va a aparecer] en la "
         "próxima factura.")

# The team's last word after a customer says it works now.
ACK = (
    "<¡Qué bueno!|Perfecto.|¡Excelente!> Dejo el caso como resuelto; si [necesitas|necesita|"
    "necesitás] algo más, [responde|responda|respondé] a este mensaje."
)

TOPICS: tuple[Topic, ...] = (
    Topic("login", 0.12, "Soporte", ("acceso",), (
        Case(("No puedo entrar a {brand}", "<Problema|Error> al iniciar sesión",
              "Me sale usuario o contraseña incorrectos"),
             ("{hello} Desde <hoy en la mañana|ayer|el fin de semana> no puedo entrar a {brand}. "
              "Pongo mi correo y contraseña y me sale \"usuario o contraseña incorrectos\", pero "
              "es la <misma de siempre|que uso todos los días>. {bye}",
              "{hello} <Una de las cajeras|El encargado de la tarde|Mi socio> no puede iniciar "
              "sesión en la caja <2|3|de la sucursal>. Le aparece que el usuario está bloqueado. "
              "¿Cómo lo desbloqueo? {bye}"),
             ("Revisamos la cuenta y el usuario quedó bloqueado por varios intentos fallidos. Ya "
              "lo desbloqueamos: [puedes|puede|podés] entrar de nuevo con la contraseña de "
              "siempre. Si no la [recuerdas|recuerda|recordás], [usa|use|usá] la opción "
              "\"¿Olvidaste tu contraseña?\" en {app_url}.",),
             ("Ya pude entrar, <mil gracias|muchas gracias|gracias por la rapidez>.",
              "!Sigue sin dejarme entrar, me vuelve a salir el mismo mensaje.")),
        Case(("Se queda cargando el inicio de sesión", "<urgente|URGENTE>: sin acceso al sistema"),
             ("{hello} Intento entrar desde la tablet de la tienda y la pantalla se queda en "
              "blanco después de poner la contraseña. En la computadora sí funciona. {bye}",),
             ("Lo que [describes|describe|describís] suele pasar cuando el navegador guardó una "
              "sesión vieja. ¿[Puedes|Podría|Podés] borrar la caché del navegador de la tablet o "
              "abrir {app_url} en una ventana privada? Si así entra, el problema queda resuelto "
              "al limpiar la caché.",),
             ("Listo, funcionó en ventana privada. Gracias.", "!Hice eso y sigue en blanco.")),
        Case(("No me llega el código de verificación",),
             ("{hello} No me llega el código de verificación al celular para entrar. Ya lo pedí "
              "<tres|varias|como cinco> veces. {bye}",),
             ("El código a veces tarda unos minutos cuando la operadora está saturada. Ya "
              "[te|le|te] enviamos uno nuevo; [revisa|revise|revisá] también que el número "
              "registrado termine en {phone_tail}.",),
             ("Ya llegó, gracias.",)),
    )),
    Topic("password_reset", 0.08, "Soporte", ("acceso", "contrasena"), (
        Case(("No me llega el correo para <restablecer|cambiar> la contraseña",
              "Olvidé mi contraseña", "el enlace de recuperar contraseña no funciona"),
             ("{hello} Le di a \"olvidé mi contraseña\" y no me llega ningún correo, ya revisé "
              "spam. Mi correo es {email}. {bye}",
              "{hello} El enlace para cambiar la contraseña dice que ya expiró, y eso que lo abrí "
              "<enseguida|a los cinco minutos>. {bye}"),
             ("El correo de recuperación sale de no-responder@tenderete.example; a veces los "
              "filtros lo mandan a \"Promociones\" o a \"Correo no deseado\", y solo vale el "
              "último enlace que pediste. Ya [te|le|te] enviamos uno nuevo, que vale por 30 "
              "minutos.",),
             ("Ya me llegó, gracias.",)),
        Case(("Quitar acceso a <un empleado|una cajera|un exempleado>",),
             ("{hello} ¿Cómo le cambio la contraseña a un empleado que se fue? No quiero que "
              "siga entrando al sistema. {bye}",),
             ("Para quitarle el acceso, [entra|entre|entrá] a Configuración > Usuarios, "
              "[elige|elija|elegí] a la persona y [pulsa|pulse|tocá] \"Desactivar\". Sus ventas "
              "quedan guardadas en los reportes, pero ya no podrá iniciar sesión.",),
             ("Listo, ya lo desactivé. Gracias por la ayuda.",)),
    )),
    Topic("billing_invoice", 0.13, "Facturación", ("facturacion",), (
        Case(("Solicitud de {invoice}", "Necesito mi {invoice} de {month}",
              "No me llegó la factura de {month}"),
             ("{hello} Necesito {invoice_the} de mi suscripción de {month}, no me llegó al correo. "
              "Mi {tax_id} es {tax_number}. {bye}",
              "{hello} Mi contador dice que la factura de {month} no aparece en el portal "
              "{of_tax_office}. ¿Me la pueden reenviar? {bye}"),
             ("Ya [te|le|te] reenviamos {invoice_the} de {month} al correo registrado. También "
              "[puedes|puede|podés] descargar todas las facturas cuando [quieras|quiera|quieras] "
              "desde Configuración > Facturación > Historial.",),
             ("Recibida, gracias.", "!Todavía no me llega, ¿la pueden mandar a otro correo?"),
             ("", "Con gusto. La enviamos también al correo alterno; si no llega en una hora, nos "
              "[avisas|avisa|avisás].",)),
        Case(("<Error|Corrección> en la factura", "Cambiar datos de facturación",
              "Factura con {tax_id} incorrecto"),
             ("{hello} La factura de este mes salió con la razón social anterior. Ya cambiamos "
              "de nombre, ¿me la pueden volver a emitir a nombre de {company}? {bye}",),
             ("Listo: actualizamos los datos fiscales y volvimos a emitir la factura. La "
              "anterior quedó cancelada ante {tax_office_the}, así que solo hay que registrar la "
              "nueva.",),
             ("Muchas gracias, ya se la pasé al contador.",)),
        Case(("¿Dónde descargo mis facturas?",),
             ("{hello} ¿Dónde descargo las facturas de los últimos tres meses? No encuentro la "
              "opción en el panel. {bye}",),
             ("Están en Configuración > Facturación > Historial: [elige|elija|"
              "elegí] el mes y [pulsa|pulse|tocá] \"PDF\" o \"XML\". Si [necesitas|necesita|"
              "necesitás] varias, el botón \"Descargar todo\" las junta en un ZIP.",),
             ("Ya las encontré, gracias.",)),
    )),
    Topic("billing", 0.05, "Facturación", ("cobro",), (
        Case(("Me cobraron dos veces", "Cargo duplicado de {brand}"),
             ("{hello} En el estado de cuenta de la tarjeta aparecen dos cargos de {brand} del "
              "mismo día. Solo tenemos una suscripción. {bye}",),
             ("Revisamos los movimientos y efectivamente hubo un doble cargo por un reintento "
              "del banco. Ya solicitamos la devolución; [verás|verá|vas a ver] el reembolso en "
              "[tu|su|tu] tarjeta en 5 a 10 días hábiles.",),
             ("Perfecto, quedo pendiente del reembolso.",)),
        Case(("<Rechazaron|No pasó> el pago de la suscripción", "Actualizar tarjeta"),
             ("{hello} Me llegó un aviso de que no se pudo cobrar la suscripción. La tarjeta es "
              "nueva, ¿dónde la actualizo? No quiero que me corten el servicio. {bye}",),
             ("Para cambiar la tarjeta, [entra|entre|entrá] a Configuración > Facturación > "
              "Método de pago. Mientras tanto el servicio sigue activo: [tienes|tiene|tenés] 7 "
              "días de gracia.",),
             ("Ya la cambié, gracias.",)),
        Case(("Cobro mayor al de mi plan",),
             ("{hello} Este mes nos cobraron {seats} usuarios y creo que usamos menos. ¿Me "
              "pueden revisar? {bye}",),
             ("Revisamos el uso: el cobro incluye a los usuarios que estuvieron activos en algún "
              "momento del mes. Si [desactivas|desactiva|desactivás] a quienes ya no usan el "
              "sistema, dejarán de contar desde el próximo periodo.",),
             ("Entendido, ya desactivé a dos.",)),
    )),
    Topic("shipping_delay", 0.10, "Logística", ("envio",), (
        Case(("Pedido {order} <no ha llegado|sin llegar|retrasado>", "¿Dónde está mi pedido?",
              "Retraso en la entrega del pedido {order}"),
             ("{hello} Compré {product_a} el <lunes|martes|jueves pasado|fin de semana> "
              "(pedido {order}) y todavía no llega. Decía entrega en 3 días. {bye}",
              "{hello} ¿Me pueden decir cuándo llega mi pedido {order}? Ya pasaron <10|8|12> "
              "días. {bye}"),
             ("Revisamos el pedido {order} con {courier}: el paquete quedó retenido en el centro "
              "de distribución de {city} por alta demanda. Nos confirman la entrega en las "
              "próximas 48 horas y ya [te|le|te] compartimos la guía actualizada.",),
             ("Ya llegó, gracias.", "!Sigue sin llegar y nadie me da respuesta."),
             ("", "Lo sentimos mucho. Pedimos a {courier} que lo entregue con prioridad y, si "
              "mañana no [tienes|tiene|tenés] el paquete, [te|le|te] enviamos uno nuevo sin "
              "costo.")),
        Case(("El rastreo de {courier} no se actualiza",),
             ("{hello} El número de guía de {courier} dice \"en tránsito\" desde hace <cuatro|"
              "cinco|seis> días. Necesito {product_the} para abrir la nueva caja. Pedido "
              "{order}. {bye}",),
             ("Lamentamos la demora con {order}. Pedimos prioridad a {courier} y, si mañana no "
              "[tienes|tiene|tenés] el paquete, [te|le|te] enviamos uno nuevo sin costo.",),
             ("Ya llegó, gracias.", "?Ok, quedo pendiente."),
             ("", "Gracias por la paciencia. Dejamos el caso abierto hasta confirmar la "
              "entrega.")),
    ), needs_order=True),
    Topic("returns_refund", 0.07, "Logística", ("devolucion",), (
        Case(("Producto <defectuoso|dañado> en el pedido {order}", "Devolución de {product}"),
             ("{hello} {product_the_cap} del pedido {order} llegó con la carcasa rota. Quiero "
              "hacer la devolución o un cambio. {bye}",
              "{hello} Compré {product_a} pero no es compatible con mi computadora. ¿Se puede "
              "hacer la devolución? Está sin usar, en su caja. {bye}"),
             ("Claro que sí. Ya generamos la guía de devolución para {order}: [imprímela|"
              "imprímala|imprimila] y [entrega|entregue|entregá] el paquete en cualquier punto "
              "de {courier}. Cuando lo recibamos, el reembolso o el cambio se procesa en 3 a 5 "
              "días hábiles.",),
             ("Gracias, ya lo dejé en {courier}.",)),
        Case(("¿Cuándo me reembolsan?", "Reembolso del pedido {order}"),
             ("{hello} Devolví el pedido {order} hace <dos semanas|diez días> y todavía no veo "
              "el reembolso. {bye}",),
             ("Confirmamos que recibimos la devolución de {order} y el reembolso ya salió. Según "
              "el banco puede tardar hasta 10 días hábiles en verse.",),
             ("Ok, gracias por confirmar.",)),
    ), needs_order=True),
    Topic("printer_setup", 0.10, "Soporte", ("hardware", "impresora"), (
        Case(("Imprime caracteres raros", "ticket sale cortado"),
             ("{hello} La impresora imprime puros símbolos raros en vez del ticket. Antes "
              "funcionaba bien. {bye}",
              "{hello} El ticket sale cortado del lado derecho, no se ve el total. Es la de "
              "{width}. {bye}"),
             ("Eso pasa cuando el ancho del papel o el modo no coinciden. [Entra|Entre|Entrá] a "
              "Configuración > Dispositivos > Impresora, [elige|elija|elegí] \"{width}\" y "
              "[haz|haga|hacé] una impresión de prueba. Si sigue saliendo raro, [cambia|cambie|"
              "cambiá] el modo a ESC/POS.",),
             ("Listo, ya imprime bien.", "!Hice eso y sigue igual."),
             ("", "Entonces puede ser el cabezal. [Apaga|Apague|Apagá] la impresora, [límpialo|"
              "límpielo|limpialo] con un hisopo y alcohol isopropílico y [prueba|pruebe|probá] de "
              "nuevo. Si sigue igual, la cambiamos por garantía.",)),
        Case(("La impresora no imprime los tickets", "No detecta la impresora USB",
              "Configurar impresora <térmica|de tickets>"),
             ("{hello} Conecté la {printer} por USB pero {brand} no la reconoce. En la lista de "
              "impresoras no aparece. {bye}",),
             ("Para que {brand} la vea, [instala|instale|instalá] primero el conector de "
              "impresión (Configuración > Dispositivos > Descargar conector) y [reinicia|"
              "reinicie|reiniciá] la computadora. Después la impresora aparece en la lista.",),
             ("Ya quedó, gracias!!", "!Ya instalé el conector y sigue sin aparecer.")),
        Case(("Impresora Bluetooth no imprime",),
             ("{hello} ¿Cómo configuro la impresora Bluetooth con la tablet? Ya la emparejé pero "
              "no imprime. {bye}",),
             ("Además de emparejarla en la tablet, hay que elegirla en {brand}: Dispositivos > "
              "Impresora > Bluetooth. Si se desconecta, [desactiva|desactive|desactivá] el "
              "ahorro de batería para la app.",),
             ("Era eso, gracias.",)),
    )),
    Topic("hardware", 0.06, "Soporte", ("hardware",), (
        Case(("El lector de código de barras no lee",),
             ("{hello} El lector de códigos lee algunos productos y otros no. Los que no lee son "
              "los que tienen etiqueta nuestra. {bye}",),
             ("Las etiquetas propias suelen imprimirse con poca resolución. [Prueba|Pruebe|"
              "Probá] subir el contraste en la impresora de etiquetas o cambiar el formato a "
              "Code 128.",),
             ("Con Code 128 ya las lee, gracias.",)),
        Case(("El cajón de dinero no abre",),
             ("{hello} El cajón de dinero ya no se abre al cobrar, tengo que abrirlo con la "
              "llave. {bye}",),
             ("El cajón se abre con una señal de la impresora, así que [revisa|revise|revisá] "
              "que el cable RJ11 esté conectado a la impresora y no a la computadora. Luego, en "
              "Dispositivos, [activa|active|activá] \"Abrir cajón al cobrar\".",),
             ("Era el cable, gracias.", "!Sigue sin abrir.")),
        Case(("El {card_reader} no se conecta", "Problema con el {card_reader}"),
             ("{hello} El {card_reader} se desconecta a cada rato y los clientes se desesperan. "
              "{bye}",),
             ("Suele pasar cuando tiene poca batería o está lejos del módem. [Déjalo|Déjelo|"
              "Dejalo] conectado a la corriente y [vuelve|vuelva|volvé] a vincularlo en "
              "Dispositivos > Pagos.",),
             ("Conectado a la corriente ya no se desconecta.",)),
    )),
    Topic("sync_error", 0.10, "Soporte", ("sincronizacion",), (
        Case(("Error de sincronización ({error})", "Las ventas no se sincronizan"),
             ("{hello} Desde ayer la caja de {branch} muestra \"Error de sincronización {error}\" "
              "y las ventas no aparecen en el reporte. {bye}",),
             ("El error {error} aparece cuando dos cajas editan el mismo producto a la vez. Ya "
              "forzamos la sincronización desde nuestro lado; [revisa|revise|revisá] el reporte "
              "en unos minutos y [confírmanos|confírmenos|confirmanos] si ya aparecen.",),
             ("Ya aparecen, gracias.", "!Subieron todas menos dos, ¿qué hago?"),
             ("", "Las dos que faltaban estaban duplicadas; ya las corregimos.")),
        Case(("Ventas sin conexión no subieron",),
             ("{hello} Se fue el internet <toda la tarde|un par de horas> y vendimos en modo sin "
              "conexión. Ya regresó el internet pero las ventas no suben. {bye}",),
             ("Las ventas hechas sin conexión quedan guardadas en el equipo y suben solas al "
              "volver la conexión. Si no subieron, [abre|abra|abrí] Menú > Sincronizar ahora; no "
              "[cierres|cierre|cierres] sesión antes, porque se perderían.",),
             ("Ya subieron todas.",)),
        Case(("El inventario no cuadra entre sucursales",),
             ("{hello} El inventario en la app no coincide con el de la tienda. Vendimos "
              "<12|20|8> piezas y no se descontaron. {bye}",),
             ("Revisamos y había una transferencia entre sucursales sin confirmar. [Confírmala|"
              "Confírmela|Confirmala] en Inventario > Transferencias y las existencias se "
              "ajustan solas.",),
             ("Listo, ya cuadra.",)),
    ), urgent_share=0.15),
    Topic("feature_question", 0.08, "Soporte", ("consulta",), (
        Case(("¿Se puede manejar inventario por lotes?", "Pregunta sobre caducidades"),
             ("{hello} ¿{brand} permite manejar caducidades por lote? Vendemos <medicamentos|"
              "alimentos> y lo necesitamos. {bye}",),
             ("El manejo por lotes y caducidad está en los planes Pro y Empresa: en la ficha del "
              "producto [activa|active|activá] \"Controlar lotes\". Con gusto [te|le|te] "
              "mostramos cómo en una llamada de 15 minutos.",),
             ("?Genial, agendemos la llamada.", "?¿Y eso tiene costo extra?"),
             ("¡Listo! [Te|Le|Te] envío una invitación para mañana a las 11:00.",
              "No tiene costo extra en los planes Pro y Empresa; en el Básico habría que cambiar "
              "de plan.")),
        Case(("¿Tienen reporte de ventas por vendedor?", "Pregunta sobre reportes"),
             ("{hello} ¿Hay manera de ver cuánto vendió cada empleado en el día? {bye}",),
             ("¡Sí se puede! [Entra|Entre|Entrá] a Reportes > Ventas y [filtra|filtre|filtrá] "
              "por \"Vendedor\". También [puedes|puede|podés] programar que el reporte llegue "
              "por correo cada noche.",),
             ("Genial, gracias.",)),
        Case(("Consulta: promociones 2x1",),
             ("{hello} ¿Cómo configuro una promoción 2x1 solo para los fines de semana? {bye}",),
             ("En Productos > Promociones [crea|cree|creá] una promoción \"2x1\", [elige|elija|"
              "elegí] los productos y en \"Días\" [marca|marque|marcá] sábado y domingo.",),
             ("Perfecto, ya quedó.",)),
    )),
    Topic("plan_upgrade", 0.05, "Cuentas", ("plan",), (
        Case(("Agregar <usuarios|cajas> a la cuenta", "Abrimos una nueva sucursal"),
             ("{hello} Vamos a abrir una sucursal en {city} y necesitamos <tres|cinco|dos> "
              "usuarios más. ¿Cómo los agrego? {bye}",),
             ("¡Qué buena noticia! [Puedes|Puede|Podés] agregarlos en Configuración > Plan > "
              "Usuarios; el cobro se prorratea en la próxima factura. Si [prefieres|prefiere|"
              "preferís], lo hacemos nosotros.",),
             ("?Háganlo ustedes por favor.", "Listo, ya los agregué."),
             (_DONE, "")),
        Case(("Cambiar al plan {next_plan}", "Cotización plan {next_plan}"),
             ("{hello} Queremos pasar del plan {plan} al {next_plan} por lo de los reportes. "
              "¿Cuánto sale por usuario? {bye}",),
             ("El plan {next_plan} cuesta {next_price} USD por usuario al mes y el cambio se "
              "prorratea en la próxima factura. [Puedes|Puede|Podés] hacerlo en Configuración > "
              "Plan, o si [prefieres|prefiere|preferís] lo hacemos nosotros.",),
             ("?Háganlo ustedes por favor.", "Listo, ya lo cambié."),
             (_DONE, "")),
    )),
    Topic("cancellation", 0.03, "Cuentas", ("cancelacion",), (
        Case(("Cancelar suscripción", "Quiero dar de baja la cuenta", "Baja del servicio"),
             ("{hello} Vamos a cerrar la tienda a fin de mes y queremos cancelar la "
              "suscripción. ¿Qué pasa con nuestros datos? {bye}",
              "{hello} Quiero cancelar, el sistema es muy caro para lo que usamos. {bye}"),
             ("Lamentamos que [te vayas|se vaya|te vayas]. [Puedes|Puede|Podés] cancelar desde "
              "Configuración > Plan > Cancelar; el servicio sigue activo hasta el fin del "
              "periodo pagado y [puedes|puede|podés] descargar todos los datos en Excel antes "
              "de esa fecha. Si el tema es el precio, el plan Básico podría servir: "
              "¿[quieres|quiere|querés] que lo revisemos?",),
             ("?Sí, revisemos el Básico.", "?No, gracias, solo la cancelación."),
             ("Perfecto: [te|le|te] preparo la comparación y [te|le|te] la envío hoy.",
              "Entendido. Programamos la cancelación para el fin del periodo; [recuerda|recuerde|"
              "acordate de] exportar [tus|sus|tus] datos antes de esa fecha.")),
    )),
)
# fmt: on
