"""Help-center articles in Spanish: account, billing, shipping and security."""

from __future__ import annotations

from rumbo.demo.articles import Text, article
from rumbo.demo.articles_es_tools import TOOLS

A = "Cuenta y acceso"
F = "Facturación"
E = "Envíos y devoluciones"
S = "Seguridad"

# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
ACCOUNT = (
    article("iniciar-sesion", A, "Cómo iniciar sesión en Tenderete",
            "Puedes entrar a Tenderete desde cualquier navegador en app.tenderete.example o "
            "desde la app de escritorio instalada en tu caja. Tu usuario es el correo con el "
            "que te invitaron.",
            ("Abre app.tenderete.example o la app de escritorio.",
             "Escribe tu correo y tu contraseña.",
             "Si tienes activada la verificación en dos pasos, escribe el código de seis "
             "dígitos que te llega por SMS o a tu app de autenticación.",
             "Elige la sucursal y la caja en la que vas a trabajar."),
            "Si la pantalla se queda en blanco después de escribir la contraseña, borra la caché "
            "del navegador o abre una ventana privada. Si ves \"usuario o contraseña "
            "incorrectos\" y estás segura de que son correctos, puede que el usuario esté "
            "bloqueado: consulta el artículo sobre usuarios bloqueados."),
    article("recuperar-contrasena", A, "¿Olvidaste tu contraseña? Cómo restablecerla",
            "Si no recuerdas tu contraseña, puedes crear una nueva en un par de minutos. Por "
            "seguridad, el equipo de soporte nunca te pedirá tu contraseña ni puede verla.",
            ("En la pantalla de inicio, pulsa \"¿Olvidaste tu contraseña?\".",
             "Escribe el correo de tu usuario y pulsa \"Enviar enlace\".",
             "Abre el correo de no-responder@tenderete.example y pulsa el enlace. Vale por 30 "
             "minutos.",
             "Escribe tu nueva contraseña dos veces y guárdala."),
            "Si el correo no llega en cinco minutos, revisa las carpetas de spam y "
            "\"Promociones\". Si el enlace dice que expiró, pide uno nuevo: solo vale el último "
            "que enviamos."),
    article("usuario-bloqueado", A, "Desbloquear un usuario después de varios intentos fallidos",
            "Después de cinco intentos con una contraseña incorrecta, Tenderete bloquea el "
            "usuario durante 30 minutos para proteger tu cuenta. Un administrador puede "
            "desbloquearlo antes.",
            ("Entra con un usuario administrador.", "Ve a Configuración > Usuarios.",
             "Busca a la persona bloqueada; verás una etiqueta roja \"Bloqueado\".",
             "Pulsa \"Desbloquear\" y avísale que ya puede entrar."),
            "Si el mismo usuario se bloquea seguido, puede que alguien esté probando "
            "contraseñas. Cámbiala y activa la verificación en dos pasos."),
    article("agregar-usuarios", A, "Agregar empleados y asignarles permisos",
            "Cada persona que cobra o administra tu tienda debe tener su propio usuario: así "
            "sabes quién hizo cada venta y puedes limitar lo que cada quien ve.",
            ("Ve a Configuración > Usuarios y pulsa \"Invitar\".",
             "Escribe el nombre y el correo de la persona.",
             "Elige su rol: Cajero, Encargado o Administrador.",
             "Si tienes varias sucursales, marca en cuáles puede trabajar.",
             "Pulsa \"Enviar invitación\". La persona recibe un correo para crear su "
             "contraseña."),
            "Cada usuario activo cuenta para tu plan. Si llegaste al límite de usuarios, el "
            "botón \"Invitar\" te ofrecerá agregar más.",
            before="Necesitas un usuario con rol Administrador."),
    article("desactivar-usuario", A, "Quitar el acceso a un empleado que ya no trabaja contigo",
            "Cuando alguien deja tu negocio, desactiva su usuario el mismo día. Sus ventas y "
            "movimientos se conservan en los reportes.",
            ("Ve a Configuración > Usuarios.", "Elige a la persona.",
             "Pulsa \"Desactivar\" y confirma.",
             "Si conocía contraseñas compartidas (por ejemplo, la del correo de la tienda), "
             "cámbialas también."),
            "Un usuario desactivado deja de contar para tu plan a partir del siguiente periodo "
            "de facturación."),
    article("cambiar-correo", A, "Cambiar el correo de la cuenta principal",
            "El correo de la cuenta principal recibe facturas y avisos importantes. Puedes "
            "cambiarlo cuando quieras.",
            ("Entra con el usuario dueño de la cuenta.", "Ve a Configuración > Mi cuenta.",
             "Escribe el correo nuevo y pulsa \"Guardar\".",
             "Confirma el cambio desde el enlace que llega al correo nuevo."),
            "Hasta que confirmes, seguiremos usando el correo anterior."),
    article("codigo-verificacion-sms", A, "No me llega el código de verificación por SMS",
            "El código de verificación suele llegar en segundos, pero a veces las operadoras "
            "tardan, sobre todo en horas de mucho tráfico.",
            ("Espera dos minutos antes de pedir otro código.",
             "Revisa que el número registrado en Mi cuenta sea el correcto.",
             "Si tienes la app de autenticación configurada, usa ese código en su lugar.",
             "Si nada funciona, usa uno de tus códigos de respaldo."),
            "Si perdiste el teléfono y no tienes códigos de respaldo, escríbenos desde el correo "
            "de la cuenta principal y verificaremos tu identidad."),
    article("varios-dispositivos", A, "Usar Tenderete en varias cajas y dispositivos a la vez",
            "Un mismo usuario puede tener abiertas hasta tres sesiones, por ejemplo en la caja, "
            "en la tablet del almacén y en su celular.",
            ("Inicia sesión en cada dispositivo.", "Elige la caja correspondiente en cada uno.",
             "Revisa las sesiones abiertas en Mi cuenta > Sesiones."),
            "Si abres una cuarta sesión, se cerrará la más antigua.", draft=True),
)

BILLING = (
    article("descargar-facturas", F, "Descargar tus facturas de Tenderete",
            "Todas las facturas de tu suscripción quedan guardadas en tu cuenta y puedes "
            "descargarlas en PDF y XML cuando las necesites.",
            ("Entra con un usuario administrador.", "Ve a Configuración > Facturación > "
             "Historial.", "Elige el mes y pulsa \"PDF\" o \"XML\".",
             "Si tu contador necesita varias, pulsa \"Descargar todo\" para recibir un ZIP."),
            "Las facturas se emiten el día 1 de cada mes. Si el día 2 todavía no ves la del mes "
            "anterior, escríbenos y te la reenviamos."),
    article("cfdi-mexico", F, "Factura electrónica CFDI 4.0 en México: datos que necesitas",
            "Para emitir tu CFDI 4.0 necesitamos que tus datos fiscales coincidan exactamente "
            "con tu Constancia de Situación Fiscal del SAT.",
            ("Ve a Configuración > Facturación > Datos fiscales.",
             "Escribe tu RFC, tu razón social tal como aparece en la constancia (sin "
             "\"S.A. de C.V.\" si no aparece) y tu código postal fiscal.",
             "Elige tu régimen fiscal y el uso de CFDI (normalmente G03, Gastos en general).",
             "Guarda. Las siguientes facturas saldrán con estos datos."),
            "Si una factura ya emitida tiene datos incorrectos, la cancelamos ante el SAT y "
            "emitimos una nueva: escríbenos con el folio de la factura."),
    article("factura-colombia", F, "Factura electrónica en Colombia (DIAN)",
            "En Colombia emitimos factura electrónica validada por la DIAN a nombre del NIT que "
            "registres en tu cuenta.",
            ("Ve a Configuración > Facturación > Datos fiscales.",
             "Escribe tu NIT con dígito de verificación y tu razón social.",
             "Indica el correo donde tu contador recibe facturas electrónicas.",
             "Guarda los cambios."),
            "La factura llega en formato XML y PDF. Si tu software contable no la recibe, "
            "revisa que el correo de recepción sea el registrado ante la DIAN."),
    article("factura-argentina", F, "Factura electrónica A, B o C en Argentina",
            "El tipo de factura depende de tu condición frente al IVA: si sos responsable "
            "inscripto recibís factura A; si sos monotributista o consumidor final, factura B.",
            ("Entrá a Configuración > Facturación > Datos fiscales.",
             "Escribí tu CUIT y elegí tu condición frente al IVA.",
             "Guardá los cambios antes del último día del mes."),
            "Si cambiaste de categoría en AFIP, actualizá tus datos: las facturas ya emitidas no "
            "se pueden modificar, solo anular con nota de crédito."),
    article("datos-fiscales", F, "Cambiar la razón social o los datos fiscales",
            "Si tu empresa cambió de nombre o de régimen, actualiza los datos para que las "
            "siguientes facturas salgan correctas.",
            ("Ve a Configuración > Facturación > Datos fiscales.",
             "Edita la razón social, la identificación fiscal o la dirección.",
             "Guarda. Verás un aviso con la fecha desde la que se aplican."),
            "Si necesitas volver a emitir facturas de meses anteriores con los datos nuevos, "
            "escríbenos: revisamos caso por caso según las reglas de cada país."),
    article("metodo-pago", F, "Actualizar la tarjeta o el método de pago",
            "Cobramos la suscripción el día 1 de cada mes a la tarjeta registrada. Si tu tarjeta "
            "venció o cambiaste de banco, actualízala para evitar interrupciones.",
            ("Ve a Configuración > Facturación > Método de pago.", "Pulsa \"Cambiar tarjeta\".",
             "Escribe los datos de la tarjeta nueva y confirma.",
             "Si había un pago pendiente, lo intentaremos de nuevo en unos minutos."),
            "Si un pago falla, tienes 7 días de gracia antes de que la cuenta pase a solo "
            "lectura. Nunca te pediremos los datos de tu tarjeta por correo."),
    article("doble-cobro", F, "Veo dos cargos de Tenderete en mi tarjeta",
            "A veces el banco reintenta un pago y aparecen dos cargos. Uno de ellos suele ser una "
            "preautorización que desaparece sola en pocos días.",
            ("Revisa si uno de los cargos aparece como \"pendiente\": si es así, espera 3 días.",
             "Si los dos aparecen como cobrados, entra a Configuración > Facturación > "
             "Historial y anota las fechas.",
             "Escríbenos con esas fechas y los últimos cuatro dígitos de la tarjeta."),
            "Cuando confirmamos un doble cobro, el reembolso se ve en tu tarjeta en 5 a 10 días "
            "hábiles, según el banco."),
    article("boletas-chile-peru", F, "Boletas y comprobantes electrónicos en Chile y Perú",
            "En Chile emitimos boleta o factura electrónica ante el SII; en Perú, comprobantes "
            "electrónicos ante la SUNAT.",
            ("Ve a Configuración > Facturación > Datos fiscales.",
             "Escribe tu RUT (Chile) o RUC (Perú).", "Elige si necesitas boleta o factura."),
            "El cambio aplica desde la siguiente facturación.", draft=True),
)

SHIPPING = (
    article("tiempos-envio", E, "Tiempos de entrega por país",
            "Enviamos el hardware desde almacenes locales en cada país. Los plazos cuentan desde "
            "que el pago se confirma y son en días hábiles.",
            ("México (Estafeta): 2 a 4 días; zonas extendidas, hasta 7.",
             "Colombia (Servientrega): 2 a 5 días.", "Argentina (Andreani): 3 a 6 días.",
             "Chile (Chilexpress): 2 a 4 días.", "Perú (Olva Courier): 2 a 5 días; provincias, "
             "hasta 8."),
            "En temporadas altas, como el Buen Fin o el Cyber Day, los plazos pueden alargarse "
            "uno o dos días."),
    article("rastrear-pedido", E, "Rastrear tu pedido de la tienda",
            "Cuando tu pedido sale del almacén te enviamos un correo con el número de guía.",
            ("Abre el correo \"Tu pedido va en camino\".",
             "Pulsa el número de guía para ver el rastreo en la página de la paquetería.",
             "También puedes verlo en tienda.tenderete.example > Mis pedidos."),
            "Si el rastreo no se actualiza en 48 horas, escríbenos con el número de pedido "
            "(empieza con TND-) y lo revisamos con la paquetería."),
    article("pedido-retrasado", E, "Mi pedido está retrasado: qué hacer",
            "Si tu pedido superó el plazo de entrega, queremos saberlo cuanto antes para "
            "reclamar a la paquetería.",
            ("Revisa el rastreo: si dice \"en tránsito\" por más de dos días, escríbenos.",
             "Indica el número de pedido y si necesitas el equipo con urgencia.",
             "Si el paquete se perdió, te enviamos uno nuevo sin costo."),
            "Si necesitas el equipo para abrir una caja nueva, dilo en tu mensaje: priorizamos "
            "esos envíos."),
    article("devoluciones", E, "Política de devoluciones y cómo iniciar una",
            "Tienes 30 días desde que recibes tu pedido para devolver cualquier producto sin "
            "uso, en su caja original.",
            ("Entra a tienda.tenderete.example > Mis pedidos.",
             "Elige el pedido y pulsa \"Devolver\".", "Indica el motivo y los productos.",
             "Imprime la guía de devolución y entrega el paquete en la paquetería."),
            "Los rollos de papel térmico abiertos no tienen devolución. Si el producto llegó "
            "dañado, consulta el artículo sobre productos dañados: el proceso es más rápido."),
    article("producto-danado", E, "Recibí un producto dañado o incompleto",
            "Lamentamos que tu pedido llegara mal. Te enviamos un reemplazo en cuanto "
            "confirmemos el daño, sin esperar a que devuelvas el producto.",
            ("Toma fotos del paquete y del producto.",
             "Escríbenos con el número de pedido y las fotos dentro de los 7 días siguientes a "
             "la entrega.", "Te enviaremos la guía para devolver el producto dañado."),
            "Si falta una pieza (por ejemplo, el cable USB), dinos cuál y la enviamos por "
            "separado."),
    article("reembolsos", E, "¿Cuándo recibo mi reembolso?",
            "El reembolso se procesa cuando el almacén recibe y revisa la devolución.",
            ("El almacén revisa el producto en 1 a 2 días hábiles.",
             "Te avisamos por correo cuando el reembolso sale.",
             "El banco lo refleja en 5 a 10 días hábiles."),
            "Si pagaste en efectivo o por transferencia, te pediremos los datos bancarios para "
            "hacer la devolución."),
    article("garantia-hardware", E, "Garantía del hardware: qué cubre y cómo usarla",
            "Todo el hardware de la tienda tiene 12 meses de garantía por defectos de fábrica.",
            ("Revisa que el problema no sea de configuración (consulta los artículos de "
             "Hardware).", "Escríbenos con el número de pedido y una descripción o video de "
             "la falla.", "Si aplica la garantía, te enviamos la guía y un equipo de "
             "reemplazo."),
            "La garantía no cubre golpes, líquidos ni el desgaste del cabezal de impresión por "
            "usar papel de mala calidad."),
)

SECURITY = (
    article("correos-falsos", S, "Cómo reconocer correos falsos a nombre de Tenderete",
            "Hay personas que envían correos haciéndose pasar por Tenderete para robar "
            "contraseñas o datos de tarjeta. Nosotros nunca te pediremos esos datos por correo, "
            "chat ni teléfono.",
            ("Revisa el remitente: solo escribimos desde direcciones que terminan en "
             "@tenderete.example.", "Desconfía de mensajes urgentes (\"tu cuenta se suspende "
             "hoy\").", "No abras enlaces: entra tú mismo a app.tenderete.example.",
             "Reenvíanos el correo sospechoso a seguridad@tenderete.example."),
            "Si ya escribiste tu contraseña en una página falsa, cámbiala de inmediato y activa "
            "la verificación en dos pasos. Si diste datos de tarjeta, llama a tu banco."),
    article("dos-pasos", S, "Activar la verificación en dos pasos",
            "La verificación en dos pasos pide un código además de la contraseña. Así, aunque "
            "alguien conozca tu contraseña, no podrá entrar.",
            ("Ve a Mi cuenta > Seguridad.", "Pulsa \"Activar verificación en dos pasos\".",
             "Escanea el código QR con tu app de autenticación o elige SMS.",
             "Guarda los códigos de respaldo en un lugar seguro."),
            "Los administradores pueden exigir la verificación en dos pasos a todo el equipo "
            "desde Configuración > Seguridad."),
    article("contrasena-comprometida", S, "Si crees que alguien conoce tu contraseña",
            "Actúa rápido: en pocos minutos puedes cerrar todas las sesiones y dejar tu cuenta "
            "protegida.",
            ("Cambia tu contraseña en Mi cuenta > Seguridad.",
             "Pulsa \"Cerrar todas las demás sesiones\".",
             "Activa la verificación en dos pasos.",
             "Revisa en Reportes > Actividad si hubo movimientos que no reconoces."),
            "Si ves ventas canceladas o cambios de precios que nadie de tu equipo hizo, "
            "escríbenos de inmediato a seguridad@tenderete.example."),
    article("roles-permisos", S, "Roles y permisos: quién puede ver qué",
            "Los roles limitan lo que cada persona puede hacer, para que nadie vea o cambie más "
            "de lo que necesita.",
            ("Cajero: cobra, hace devoluciones con autorización y ve su propio corte.",
             "Encargado: además ve reportes de su sucursal y ajusta inventario.",
             "Administrador: todo, incluidos usuarios, facturación y datos fiscales."),
            "Puedes cambiar el rol de alguien en cualquier momento desde Configuración > "
            "Usuarios."),
    article("privacidad-datos", S, "Cómo protegemos los datos de tu negocio",
            "Tus ventas, tus clientes y tu inventario son tuyos. Los guardamos cifrados, con "
            "copias de seguridad diarias, y nunca los vendemos ni compartimos con terceros para "
            "publicidad.",
            ("Los datos viajan cifrados entre tu caja y nuestros servidores.",
             "Hacemos copias de seguridad cada día y las conservamos 30 días.",
             "Solo el personal autorizado puede acceder a tu cuenta, y siempre queda "
             "registrado."),
            "Si tienes dudas sobre privacidad o quieres ejercer tus derechos sobre datos "
            "personales, escribe a privacidad@tenderete.example."),
    article("estado-servicio", S, "Dónde consultar si hay una falla en el servicio",
            "Si Tenderete no carga o ves un error 503, puede tratarse de una falla general. "
            "Publicamos el estado del servicio en tiempo real.",
            ("Entra a estado.tenderete.example.", "Si hay un incidente abierto, verás cuándo "
             "empezó y los avances.", "Mientras tanto, sigue vendiendo en modo sin conexión "
             "desde la app de escritorio.", "Suscríbete para recibir avisos por correo o SMS."),
            "Las ventas hechas sin conexión se sincronizan solas cuando el servicio vuelve. No "
            "cierres sesión mientras haya ventas pendientes de subir."),
)

SPANISH: tuple[Text, ...] = (*ACCOUNT, *BILLING, *SHIPPING, *TOOLS, *SECURITY)
