"""Help-center articles in Spanish: hardware, sync, plans and prices."""

from __future__ import annotations

from rumbo.demo.articles import article

H = "Hardware"
Y = "Sincronización"
P = "Planes y precios"

# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
HARDWARE = (
    article("impresora-termica", H, "Configurar la impresora térmica de tickets",
            "Las impresoras térmicas de 58 y 80 mm de la tienda funcionan con Tenderete en "
            "Windows, macOS y tablets Android. La configuración toma unos cinco minutos.",
            ("Conecta la impresora por USB y enciéndela.",
             "En Tenderete, ve a Configuración > Dispositivos > Descargar conector e instálalo.",
             "Reinicia la computadora.",
             "Vuelve a Dispositivos > Impresora, elige tu impresora de la lista y el ancho de "
             "papel (58 u 80 mm).", "Pulsa \"Imprimir prueba\"."),
            "Si la impresora no aparece en la lista, prueba otro puerto USB y revisa que el "
            "conector esté abierto (verás su ícono junto al reloj).",
            before="Ten a la mano un rollo de papel térmico del ancho correcto."),
    article("impresora-simbolos", H, "La impresora imprime símbolos raros o el ticket sale "
            "cortado",
            "Casi siempre se debe a que el ancho de papel o el modo de impresión no coinciden "
            "con la impresora.",
            ("Ve a Configuración > Dispositivos > Impresora.",
             "Revisa que el ancho elegido sea el de tu rollo (58 u 80 mm).",
             "Cambia el modo a ESC/POS.", "Imprime una prueba."),
            "Si el texto sale tenue o con rayas, limpia el cabezal con un hisopo y alcohol "
            "isopropílico, con la impresora apagada."),
    article("impresora-bluetooth", H, "Conectar la impresora Bluetooth con una tablet o celular",
            "La impresora portátil Bluetooth es ideal para vender en ferias o en mesas.",
            ("Carga la impresora y enciéndela manteniendo el botón dos segundos.",
             "En la tablet, abre Ajustes > Bluetooth y emparéjala (la clave suele ser 0000).",
             "En Tenderete, ve a Dispositivos > Impresora > Bluetooth y elígela.",
             "Imprime una prueba."),
            "Si se desconecta seguido, desactiva el ahorro de batería para la app de Tenderete "
            "en los ajustes del sistema."),
    article("lector-codigo-barras", H, "Configurar el lector de código de barras",
            "Los lectores de la tienda funcionan como un teclado: no necesitan instalación.",
            ("Conecta el lector por USB (o el receptor inalámbrico).",
             "Abre la pantalla de venta en Tenderete.",
             "Escanea un producto: debe agregarse al ticket.",
             "Si el lector escribe números de más, escanea el código \"Sin sufijo\" del "
             "manual."),
            "Si algunos códigos no se leen, suelen ser etiquetas impresas con poca resolución: "
            "reimprímelas con más contraste o en formato Code 128."),
    article("cajon-dinero", H, "El cajón de dinero no abre al cobrar",
            "El cajón se abre con una señal que le manda la impresora de tickets, por eso va "
            "conectado a ella y no a la computadora.",
            ("Revisa que el cable RJ11 del cajón esté conectado al puerto \"DK\" de la "
             "impresora.", "En Dispositivos > Cajón, activa \"Abrir cajón al cobrar\".",
             "Pulsa \"Probar apertura\"."),
            "Si el cajón no abre ni con la prueba, ábrelo con la llave y revisa que no esté "
            "trabado en la posición de bloqueo."),
    article("lector-tarjetas", H, "Vincular el lector de tarjetas",
            "Con el lector de tarjetas puedes cobrar con chip y sin contacto directamente desde "
            "Tenderete, y el pago queda ligado a la venta.",
            ("Carga el lector y enciéndelo.", "Ve a Dispositivos > Pagos > Agregar lector.",
             "Escanea el código QR de la parte trasera del lector.",
             "Haz un cobro de prueba por el monto mínimo y cancélalo."),
            "Si el lector se desconecta a cada rato, acércalo al módem o conéctalo a la "
            "corriente: con batería baja pierde la conexión."),
    article("balanza-digital", H, "Conectar la balanza digital para vender por peso",
            "La balanza manda el peso a Tenderete, así no tienes que escribirlo a mano.",
            ("Conecta la balanza por USB.", "Ve a Dispositivos > Balanza y elige el modelo.",
             "Marca los productos que se venden por peso (ficha del producto > Unidad: kg).",
             "En la venta, coloca el producto en la balanza y pulsa \"Pesar\"."),
            "Si el peso no llega, revisa que la balanza esté en modo \"PC\" y no en "
            "\"Etiquetado\"."),
    article("imprimir-etiquetas", H, "Imprimir etiquetas con código de barras para tus productos",
            "Si tus productos no traen código de barras, puedes crear e imprimir los tuyos.",
            ("En Productos, selecciona los artículos.", "Pulsa \"Imprimir etiquetas\".",
             "Elige el tamaño de etiqueta y cuántas copias.",
             "Envía a la impresora de etiquetas."),
            "Usa etiquetas térmicas directas del tamaño configurado; otras pueden atascarse."),
)

SYNC = (
    article("modo-sin-conexion", Y, "Vender sin internet: el modo sin conexión",
            "Si se cae el internet o nuestros servidores, la app de escritorio sigue vendiendo. "
            "Las ventas se guardan en el equipo y suben solas cuando vuelve la conexión.",
            ("Verás un aviso amarillo \"Sin conexión\" en la parte superior.",
             "Sigue cobrando normalmente; los tickets se imprimen como siempre.",
             "Cuando vuelva la conexión, el aviso cambia a \"Sincronizando\".",
             "Espera a que desaparezca antes de cerrar la app."),
            "El modo sin conexión no permite cobrar con tarjeta por el lector integrado ni "
            "consultar el inventario de otras sucursales.",
            before="El modo sin conexión solo funciona en la app de escritorio, no en el "
            "navegador."),
    article("errores-sincronizacion", Y, "Qué significa cada error de sincronización",
            "Cuando una caja no puede subir cambios, muestra un código de error. Esto es lo que "
            "significan los más comunes.",
            ("ERR-SYNC-409: dos cajas cambiaron el mismo producto a la vez; se resuelve solo "
             "con \"Sincronizar ahora\".", "ERR-SYNC-502: nuestro servidor no respondió; "
             "reintenta en unos minutos.", "ERR-INV-17: un producto se vendió con existencia "
             "negativa; revisa el inventario.", "Código 1042: la sesión expiró; vuelve a "
             "iniciar sesión sin borrar datos."),
            "Si un error se repite más de una hora, escríbenos con una captura de pantalla."),
    article("ventas-no-suben", Y, "Las ventas hechas sin conexión no aparecen en los reportes",
            "Las ventas sin conexión suben en cuanto la caja recupera internet, pero si se "
            "cerró la sesión antes, pueden quedar pendientes.",
            ("Abre la caja donde hiciste las ventas.", "Ve a Menú > Sincronizar ahora.",
             "Revisa el contador de \"Ventas pendientes\": debe llegar a cero.",
             "Actualiza el reporte."),
            "No desinstales la app ni borres datos mientras haya ventas pendientes: se "
            "perderían."),
    article("inventario-no-cuadra", Y, "El inventario no coincide entre sucursales",
            "Las diferencias suelen venir de ventas sin sincronizar o de transferencias que no "
            "se recibieron.",
            ("Sincroniza todas las cajas.", "Revisa Inventario > Transferencias pendientes.",
             "Compara el reporte de movimientos del producto.",
             "Si hace falta, haz un ajuste de inventario con motivo."),
            "Los ajustes quedan registrados con el usuario y la hora, para que puedas "
            "auditarlos."),
    article("sincronizar-ahora", Y, "Forzar la sincronización de una caja",
            "Normalmente la caja sincroniza cada minuto. Puedes forzarlo cuando lo necesites.",
            ("Abre el menú de la caja.", "Pulsa \"Sincronizar ahora\".",
             "Espera el aviso \"Todo al día\"."),
            "Si la sincronización se queda en 0%, revisa tu conexión a internet."),
    article("importar-productos", Y, "Importar productos desde Excel",
            "Si vienes de otro sistema, puedes cargar todo tu catálogo de una vez.",
            ("Descarga la plantilla desde Productos > Importar.",
             "Llena nombre, código, precio y existencia (una fila por producto).",
             "Sube el archivo y revisa la vista previa.", "Confirma la importación."),
            "Si una fila tiene errores, la vista previa te dice cuál y por qué; el resto se "
            "importa igual."),
    article("varias-sucursales", Y, "Trabajar con varias sucursales y transferir inventario",
            "Con los planes Pro y Empresa puedes manejar varias sucursales desde una cuenta.",
            ("Crea cada sucursal en Configuración > Sucursales.",
             "Asigna cajas y usuarios a cada una.",
             "Para mover mercancía, usa Inventario > Nueva transferencia.",
             "La sucursal que recibe confirma la llegada."),
            "Los reportes pueden verse por sucursal o consolidados."),
)

PLANS = (
    article("comparar-planes", P, "Planes Básico, Pro y Empresa: qué incluye cada uno",
            "Todos los planes se cobran por usuario al mes, en dólares, e incluyen "
            "actualizaciones y soporte por chat.",
            ("Básico (9 USD): punto de venta, inventario de una sucursal y reportes diarios.",
             "Pro (19 USD): varias sucursales, lotes y caducidades, reportes por vendedor.",
             "Empresa (35 USD): todo lo anterior, API, permisos avanzados y gerente de cuenta."),
            "Para cadenas con más de 150 usuarios ofrecemos precios por volumen."),
    article("cambiar-plan", P, "Cambiar de plan o agregar usuarios",
            "Puedes subir de plan o agregar usuarios cuando quieras; el cambio se cobra de forma "
            "proporcional.",
            ("Ve a Configuración > Plan.", "Elige el nuevo plan o la cantidad de usuarios.",
             "Revisa el importe prorrateado.", "Confirma."),
            "Si bajas de plan, el cambio aplica al inicio del siguiente periodo."),
    article("cobro-por-usuario", P, "Cómo se calcula el cobro por usuario",
            "Cobramos por cada usuario activo durante el mes.",
            ("Un usuario cuenta desde el día en que acepta la invitación.",
             "Si lo desactivas, deja de contar el siguiente periodo.",
             "Los usuarios de solo lectura no tienen costo."),
            "Puedes ver el detalle en Configuración > Facturación > Uso."),
    article("cancelar-suscripcion", P, "Cancelar tu suscripción",
            "Puedes cancelar cuando quieras, sin penalización.",
            ("Ve a Configuración > Plan > Cancelar suscripción.",
             "Cuéntanos el motivo (nos ayuda a mejorar).", "Confirma."),
            "El servicio sigue activo hasta el fin del periodo pagado. Antes de esa fecha, "
            "exporta tus datos."),
    article("exportar-datos", P, "Exportar todos tus datos",
            "Tus datos son tuyos: puedes descargarlos en cualquier momento.",
            ("Ve a Configuración > Exportar.", "Elige ventas, productos, clientes o todo.",
             "Recibirás un enlace de descarga por correo."),
            "El archivo incluye hojas de Excel y CSV que puedes abrir en cualquier sistema."),
    article("prueba-gratis", P, "Prueba gratis de 14 días",
            "Puedes probar el plan Pro completo durante 14 días sin tarjeta.",
            ("Crea tu cuenta en tenderete.example.", "Carga algunos productos.",
             "Haz ventas de prueba.", "Antes del día 14, elige tu plan."),
            "Si no eliges plan, la cuenta pasa a solo lectura; tus datos se conservan 60 días."),
    article("descuentos-volumen", P, "Descuentos para cadenas y volumen",
            "Para cuentas grandes ofrecemos precios especiales.",
            ("Escríbenos con el número de sucursales y usuarios.",
             "Un gerente de cuenta te enviará una propuesta."),
            "Los descuentos aplican a contratos anuales.", draft=True),
)

TOOLS = (*HARDWARE, *SYNC, *PLANS)
