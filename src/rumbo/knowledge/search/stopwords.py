"""Function words that carry no topic, folded (no accents), per language."""

from __future__ import annotations

_ES = """
a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bajo bien cada como con
contra cual cuales cuando cuanta cuantas cuanto cuantos de del desde donde dos el ella ellas ello
ellos en entre era eran eres es esa esas ese eso esos esta estaba estado estan estar estas este
esto estos estoy fue fueron ha habia han has hasta hay he la las le les lo los mas me mi mis mucho
muchos muy nada ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien
quienes se sea sean ser si sido sin sobre solo son su sus tambien tan tanto te tenia tengo ti tu
tus un una unas uno unos usted ustedes vosotros y ya yo
"""

_EN = """
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were which while whom will with would you your
yours yourself yourselves im ive id also
"""

_PT = """
a ao aos as com como da das de do dos e ela elas ele eles em entre era essa esse esta este eu foi
ha isso isto ja lhe mais mas me meu minha muito na nao nas nem no nos o os ou para pela pelo por
qual quando que quem se sem ser seu sua suas tambem te tem tu um uma voce voces ola obrigado
"""

STOPWORDS: dict[str, frozenset[str]] = {
    "es": frozenset(_ES.split()),
    "en": frozenset(_EN.split()),
    "pt": frozenset(_PT.split()),
}
