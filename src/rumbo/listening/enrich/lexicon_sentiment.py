"""Sentiment lexicon owned by the project: folded words with a polarity from -3 to +3.

Written by hand from general Spanish and English usage in customer conversations (no weights were
fitted on any labelled data set). Entries are matched first as written, then by Snowball stem, so
"encantó", "encantaron" and "encanta" all find "encantar"; keep entries in their dictionary form.
"""

from __future__ import annotations

ES = """
bueno 2 buena 2 buenisimo 3 buenisima 3 bien 1.5 mejor 1.5 excelente 3 genial 3 estupendo 3
estupenda 3 fantastico 3 fantastica 3 maravilloso 3 maravillosa 3 increible 2 perfecto 2.5
perfecta 2.5 feliz 2.5 felices 2.5 felicidad 2.5 alegria 2.5 alegre 2 contento 2 contenta 2
encantar 2.5 encanta 2.5 encanto 2 amar 2.5 amo 2.5 amor 2 querer 1 quiero 0.5 gustar 1.5
gusta 1.5 gracias 1.5 agradecer 2 agradecido 2 agradecida 2 agradezco 2 felicitar 2
felicidades 2.5 enhorabuena 2.5 rapido 1 rapida 1 facil 1 eficaz 1.5 eficiente 1.5 amable 2
atento 1.5 atenta 1.5 recomendar 1.5 recomiendo 2 recomendable 2 satisfecho 2 satisfecha 2
orgullo 2 orgulloso 2 orgullosa 2 exito 2 ganar 1.5 gana 1 ganador 2 victoria 2 brillante 2.5
precioso 2.5 preciosa 2.5 bonito 2 bonita 2 hermoso 2.5 hermosa 2.5 lindo 2 linda 2 guapo 1.5
guapa 1.5 divertido 2 divertida 2 disfrutar 2 disfruto 2 risa 1.5 reir 1.5 sonrisa 2 ilusion 2
esperanza 1.5 tranquilo 1 tranquila 1 solucionado 2 solucionada 2 resuelto 2 resuelta 2
funciona 0.5 util 1.5 calidad 0.5 ideal 2 top 2 crack 2 maquina 1 bravo 2 viva 1.5 vamos 1
apoyo 1.5 apoyar 1 ayuda 0.5 ayudar 0.5 salud 0.5 paz 1.5 bendicion 2 bendito 1.5 suerte 1.5
animo 1.5 valiente 2 honesto 1.5 justo 1 gran 1.5 grande 1 mola 2 molar 2 chulo 2 chula 2
guay 2 buenos 2 buenas 1.5 fenomenal 3 espectacular 3 impresionante 2.5 magnifico 3
magnifica 3 sensacional 3 favorito 2 favorita 2 abrazo 2 abrazos 2 besos 2 beso 2 cariño 2
carino 2 emocionado 2 emocionada 2 emocion 1.5 orgullosamente 2 acierto 2 celebrar 2 fiesta 1.5
descansar 1 premio 2 agradable 2 comodo 1.5 comoda 1.5 barato 1 barata 1 oferta 1 gratis 1
mal -2 malo -2.5 mala -2.5 malisimo -3 malisima -3 peor -2.5 pesimo -3 pesima -3 horrible -3
terrible -3 fatal -3 desastre -3 desastroso -3 vergüenza -2.5 verguenza -2.5 vergonzoso -3
asco -3 asqueroso -3 odio -3 odiar -3 odia -3 triste -2 tristeza -2.5 pena -2 lastima -1.5
dolor -2 doler -1.5 duele -2 miedo -2 temor -1.5 preocupado -1.5 preocupada -1.5
preocupacion -1.5 preocupante -2 enfadado -2.5 enfadada -2.5 enojado -2.5 enojada -2.5
cabreado -2.5 cabreada -2.5 harto -2.5 harta -2.5 hartazgo -2.5 indignado -2.5 indignada -2.5
indignante -3 indignacion -2.5 vergonzosa -3 ridiculo -2 ridicula -2 absurdo -2 absurda -2
inutil -2.5 inutiles -2.5 incompetente -2.5 incompetentes -2.5 estafa -3 estafar -3 estafador -3
robo -2.5 robar -2.5 ladron -3 ladrones -3 mentira -2.5 mentir -2.5 mentiroso -3 mentirosos -3
engaño -2.5 engano -2.5 engañar -2.5 enganar -2.5 fraude -3 abuso -2.5 abusivo -2.5 queja -1.5
quejar -1.5 reclamar -1 reclamacion -1.5 problema -1.5 problemas -1.5 error -1.5 fallo -2
fallar -2 falla -2 roto -2 rota -2 averia -2 averiado -2 caido -1.5 caida -1.5 lento -1.5
lenta -1.5 tarde -0.5 retraso -2 demora -1.5 esperar -0.5 espera -0.5 nunca -1 imposible -1.5
peligro -2 peligroso -2 muerte -3 muerto -2.5 muertos -2.5 morir -2.5 matar -3 guerra -2.5
crisis -2 corrupcion -3 corrupto -3 corruptos -3 culpa -1.5 culpable -2 crimen -3 violencia -3
ataque -2.5 atentado -3 tragedia -3 terrible -3 grave -2 sufrir -2 sufrimiento -2.5 llorar -2
lloro -2 llanto -2  aburrido -2 aburrida -2 aburrimiento -2 cansado -1.5
cansada -1.5 cansancio -1.5 decepcion -2.5 decepcionado -2.5 decepcionada -2.5 decepcionante -2.5
fracaso -2.5 perder -1.5 pierde -1.5 perdido -1.5 perdida -1.5 derrota -2 mierda -3 joder -2
puta -2.5 puto -2.5 coño -1.5 idiota -3 imbecil -3 estupido -3 estupida -3 tonto -2 tonta -2
gilipollas -3 payaso -2 payasos -2 basura -3 cutre -2 chapuza -2.5 timo -3 abusar -2.5
insoportable -3 inaceptable -3 intolerable -3 lamentable -2.5 penoso -2.5 penosa -2.5
deplorable -3 nefasto -3 nefasta -3 caro -1.5 cara 0 carisimo -2 injusto -2 injusticia -2.5
injusta -2 miserable -3 peligrosa -2 enfermo -1.5 enferma -1.5 enfermedad -1.5 herido -2
heridos -2 victima -2 victimas -2 daño -2 dano -2 dañado -2 danado -2 preocupa -1.5 molesto -2
molesta -2 molestia -1.5 ignorar -1.5 ignoran -2 nadie -1 jamas -1 falta -1 faltan -1
desgracia -2.5 desgraciadamente -1.5 lamentablemente -1.5 desafortunadamente -1.5
agradecimiento 2 agradecidos 2 gracia 1 graciosa 1.5 gracioso 1.5 amigo 1 amiga 1 amistad 1.5
bienvenido 1.5 bienvenida 1.5 encantado 2 encantada 2 encantador 2 encantadora 2 emocionante 2.5
exitoso 2 exitosa 2 triunfo 2.5 triunfar 2 campeon 2 campeones 2 celebramos 2 logro 2 lograr 1.5
conseguir 1 conseguido 1.5 mejorar 1 mejora 1 mejorado 1.5 progreso 1.5 solidaridad 2 solidario 2
unidos 1 juntos 1 esperanzado 1.5 optimista 2 positivo 1.5 positiva 1.5 fuerte 1 fuerza 1
valor 1 admiracion 2 admirar 2 admirable 2.5 respeto 1.5 confianza 1.5 confiar 1 fiable 1.5
seguro 0.5 segura 0.5 rico 1.5 rica 1.5 delicioso 2.5 deliciosa 2.5 sabroso 2 sabrosa 2
precios 0 enorme 1 mejores 2 bello 2.5 bella 2.5 belleza 2.5 arte 1 magia 2 magico 2 magica 2
sueño 1.5 sueno 1.5 soñar 1.5 sonar 0 paciencia 1 puntual 1.5 limpio 1 limpia 1 simpatico 2
simpatica 2 cariñoso 2 carinoso 2 dulce 1.5 suave 1 acertado 2 acertada 2 correcto 1 correcta 1
claro 0.5 gratitud 2 libre 1 libertad 1.5 justicia 1 democracia 1 unico 1 unica 1 especial 1.5
feliz 2.5 risas 1.5 jaja 1.5 jajaja 1.5 jeje 1 xd 1 ole 2 hurra 2 yupi 2 guau 1.5 wow 1.5
aprobar 1 aprobado 1.5 gane 1.5 ganamos 2 enamorado 2.5 enamorada 2.5 enamorar 2 adorar 2.5
adoro 2.5 precioso 2.5 bonitos 2 guapisimo 2.5 guapisima 2.5 genialidad 2.5 disfrutando 2
tristes -2 triston -1.5 llorando -2 lagrimas -2 lagrima -2 luto -2.5 duelo -2 fallecer -2.5
fallecio -2.5 fallecido -2.5 asesinato -3 asesino -3 asesinos -3 asesinar -3 secuestro -3
terror -3 terrorista -3 terroristas -3 amenaza -2 amenazar -2 golpe -2 golpear -2 herida -2
destruir -2.5 destruccion -2.5 destrozado -2.5 destrozada -2.5 quemar -2 quemado -2 incendio -2
explosion -2 accidente -2 emergencia -1.5 alarma -1.5 panico -2.5 caos -2.5 desastrosa -3
horror -3 horroroso -3 horrorosa -3 espantoso -3 espantosa -3 aterrador -3 miedoso -1.5
odioso -3 odiosa -3 rabia -2.5 ira -2.5 furia -2.5 furioso -2.5 furiosa -2.5 enfado -2
enojo -2 bronca -2 asquerosa -3 repugnante -3 vomitar -2 vomito -2 sucio -2 sucia -2
porqueria -3 desagradable -2.5 grosero -2.5 grosera -2.5 maleducado -2.5 maleducada -2.5
mentiras -2.5 engañado -2.5 enganado -2.5 traicion -3 traidor -3 traidores -3 cobarde -2.5
hipocrita -2.5 hipocresia -2.5 corruptas -3 ladrona -3 robado -2.5 robaron -2.5 estafado -3
delincuente -3 delincuentes -3 criminal -3 criminales -3 vergonzosos -3 indigno -2.5 abandono -2
abandonado -2 abandonada -2 olvidado -1.5 solos -0.5 soledad -2 pobre -1.5 pobreza -2 hambre -2
sufren -2 sufriendo -2 difícil -1 dificil -1 complicado -1 complicada -1 duro -1 dura -1
peores -2.5 empeorar -2 empeora -2 bajo 0 mediocre -2 mediocres -2 decepcionantes -2.5
fracasado -2.5 fracasar -2.5 perdimos -1.5 perdieron -1.5 lamento -1.5 lamentar -1.5
lamentamos -1.5 siento -0.5 sentimos -0.5 disculpa -0.5 disculpas -0.5 perdon -0.5 quejas -1.5
quejarse -1.5 denunciar -1.5 protestar -1 protesta -1 estresado -2 estresada -2 estres -2
agobiado -2 agobiada -2 angustia -2.5 ansiedad -2 nervioso -1 nerviosa -1 preocupados -1.5
roban -2.5 engañan -2.5 enganan -2.5 mienten -2.5 matan -3 mueren -3 murio -3 murieron -3
ahogado -2 tonteria -2 tonterias -2 absurdos -2 idiotas -3 estupidos -3 estupidez -3 burla -2
burlarse -2 ridiculos -2 ridiculez -2.5 desprecio -2.5 horribles -3 terribles -3 fatalidad -3
inservible -2.5 ineptos -3 inepto -3 incapaz -2 incapaces -2 negligencia -3 negligente -3
"""

EN = """
good 2 great 3 excellent 3 amazing 3 awesome 3 fantastic 3 wonderful 3 perfect 2.5 best 2.5
better 1.5 nice 2 love 2.5 loved 2.5 lovely 2.5 like 0.5 liked 1.5 enjoy 2 enjoyed 2 happy 2.5
glad 2 pleased 2 satisfied 2 thanks 1.5 thank 1.5 thankful 2 grateful 2 appreciate 2
appreciated 2 helpful 2 friendly 2 kind 2 polite 1.5 quick 1 fast 1 easy 1 smooth 1.5
recommend 2 impressed 2 impressive 2.5 brilliant 3 superb 3 outstanding 3 fabulous 3
beautiful 2.5 cool 1.5 fun 2 funny 1.5 win 2 won 1.5 winning 2 success 2 successful 2 proud 2
hope 1 hopefully 1 safe 1 saved 1 solved 2 resolved 2 fixed 1.5 works 0.5 worked 1 yay 2
wow 1.5 congrats 2.5 congratulations 2.5 welcome 1 pleasure 2 fine 0.5 ok 0.3 okay 0.3
smile 2 laugh 1.5 excited 2.5 exciting 2.5 favorite 2 favourite 2 gorgeous 2.5 cute 2
incredible 2.5 terrific 3 thrilled 3 delighted 3 super 2 blessed 2 support 0.5 praying 0.5
prayers 0.5 strong 1 free 0.5 comfortable 1.5 upgrade 0.5 upgraded 1.5 rock 1 rocks 2
bad -2.5 worse -2.5 worst -3 terrible -3 horrible -3 awful -3 poor -2 disappointed -2.5
disappointing -2.5 disappointment -2.5 hate -3 hated -3 angry -2.5 annoyed -2 annoying -2
frustrated -2.5 frustrating -2.5 frustration -2.5 upset -2 sad -2 sorry -1 unfortunately -1.5
problem -1.5 problems -1.5 issue -1.5 issues -1.5 error -1.5 fail -2 failed -2 failure -2.5
fails -2 broken -2 broke -1.5 delay -2 delayed -2 delays -2 late -1.5 cancelled -2 canceled -2
cancel -1 stuck -2 lost -2 lose -1.5 missing -1.5 rude -3 unhelpful -2.5 useless -3 slow -1.5
wait -0.5 waiting -1 waited -1 hold -0.5 never -1 nobody -1 ridiculous -2.5 unacceptable -3
pathetic -3 joke -1.5 shame -2 shameful -3 disgusting -3 disgrace -3 scam -3 fraud -3 steal -2.5
stole -2.5 stolen -2.5 lie -2.5 lied -2.5 lies -2.5 liar -3 complaint -1.5 complain -1.5
worried -2 worry -1.5 scared -2 afraid -2 fear -2 danger -2 dangerous -2 dead -3 death -3 died -3
die -2.5 killed -3 kill -3 injured -2 hurt -2 pain -2 victims -2 tragedy -3 tragic -3 disaster -3
crisis -2 emergency -1.5 damage -2 damaged -2 destroyed -2.5 sick -2 ill -1.5 crash -2
crashed -2 fire -1 explosion -2 attack -2.5 bomb -2.5 shooting -2.5 fuck -2.5 fucking -2.5
shit -2.5 crap -2.5 damn -1.5 sucks -2.5 suck -2.5 stupid -3 idiot -3 dumb -2.5 mess -2
nightmare -3 ugh -2 hell -2 wtf -2 boring -2 bored -1.5 tired -1.5 expensive -1.5 overpriced -2
unfair -2 refund -1 charged -1 overcharged -2.5 ignored -2 ignoring -2 worthless -3 lousy -2.5
incompetent -3 mad -2 furious -3 outraged -3 bullshit -3 unreliable -2.5 fault -1.5 sadly -1.5
confused -1.5 confusing -1.5 impossible -1.5 rip -1.5 miss -1 cry -2 crying -2 tears -1.5
nicely 2 well 0.5 glad 2 joy 2.5 joyful 2.5 cheerful 2 cheers 1.5 pleasant 2 enjoyable 2
perfectly 2 beautifully 2.5 lovely 2.5 adorable 2.5 charming 2 sweet 2 kindly 1.5 generous 2
genius 2.5 legend 2 epic 2 stellar 3 phenomenal 3 spectacular 3 magnificent 3 marvelous 3
marvellous 3 wonderfully 3 extraordinary 2.5 remarkable 2.5 exceptional 3 flawless 3
seamless 2 reliable 2 efficient 2 professional 1.5 courteous 2 attentive 2 responsive 1.5
accommodating 2 caring 2 patient 1 prompt 1.5 speedy 1.5 painless 2 worth 1.5 worthy 1.5
valuable 1.5 useful 1.5 handy 1.5 clean 1 comfy 2 cozy 2 relaxing 2 relaxed 1.5 calm 1
peaceful 2 hopeful 2 optimistic 2 inspiring 2.5 inspired 2 inspiration 2 admire 2 respect 1.5
trust 1.5 honest 1.5 loyal 1.5 support 0.5 supportive 2 brave 2 heroes 2 hero 2 strength 1.5
unity 1.5 solidarity 2 blessing 2 bless 1.5 thankyou 1.5 thx 1.5 ty 1 luv 2 lol 1 haha 1.5
hahaha 1.5 lmao 1.5 xoxo 2 woohoo 2.5 hooray 2.5 yes 0.5 yeah 0.5 sure 0.3 agree 1 kudos 2.5
shoutout 1.5 props 1.5 bravo 2.5 champion 2 champions 2 victory 2.5 celebrate 2.5
celebrating 2.5 celebration 2.5 party 1.5 beauty 2.5 masterpiece 3 treasure 2 gift 1.5
delicious 2.5 tasty 2 yummy 2 fresh 1 improved 1.5 improvement 1.5 improve 1 progress 1.5
achievement 2 accomplished 2 proudly 2 winner 2 wins 2 earned 1.5 deserve 1 deserved 1.5
sadness -2.5 unhappy -2.5 miserable -3 depressed -2.5 depressing -2.5 heartbroken -3
heartbreaking -3 devastated -3 devastating -3 grief -2.5 mourning -2.5 mourn -2.5 condolences -1.5
rest 0 pray -0.5 tragically -3 horrific -3 horrible -3 horrendous -3 horrifying -3 terrifying -3
terrified -3 panic -2.5 chaos -2.5 alarming -2.5 scary -2.5 threat -2 threatening -2.5 evil -3
cruel -3 violent -3 violence -3 murder -3 murdered -3 terror -3 terrorist -3 terrorism -3 blast -2
bombing -3 bombings -3 wounded -2.5 casualties -2.5 fatalities -3 deaths -3 collapse -2.5
collapsed -2.5 flood -1.5 flooding -1.5 burning -2 burned -2 destroyed -2.5 destruction -2.5
lost -2 losing -1.5 loss -2 losses -2 stranded -2.5 trapped -2.5 evacuate -1 missing -1.5
anger -2.5 angered -2.5 rage -3 furious -3 livid -3 irate -3 pissed -2.5 hateful -3 hatred -3
disgusted -3 gross -2.5 nasty -2.5 sick -2 sickening -3 vile -3 dirty -2 filthy -2.5 smelly -2
awful -3 dreadful -3 atrocious -3 abysmal -3 appalling -3 disastrous -3 shocking -2 shocked -2
outrageous -3 insane -1.5 crazy -1 absurd -2 lame -2 meh -1 sucked -2.5 trash -2.5 garbage -2.5
junk -2 crappy -2.5 shitty -2.5 worthless -3 pointless -2 helpless -2 hopeless -2.5 clueless -2.5
careless -2 incompetence -3 negligence -3 unprofessional -2.5 disrespectful -2.5 disrespect -2.5
insulting -2.5 insult -2.5 arrogant -2.5 liars -3 cheat -2.5 cheated -2.5 cheating -2.5
ripoff -3 rip-off -3 robbed -3 greedy -2.5 greed -2.5 overbooked -2 oversold -2 rebooked -1
cancellation -1.5 cancellations -1.5 delaying -2 lateness -2 wasted -2.5 waste -2.5 wasting -2.5
inconvenience -2 inconvenienced -2 inconvenient -2 hassle -2 struggle -1.5 struggling -1.5
difficult -1 hard -0.5 worst -3 worse -2.5 failing -2 failures -2.5 errors -1.5 bug -1.5 bugs -1.5
glitch -1.5 crashes -2 freezing -1 frozen -1 unavailable -1.5 outage -2 downtime -2
dissatisfied -2.5 unsatisfied -2.5 regret -2 sorry -1 apologize -0.5 apology -0.5 apologies -0.5
blame -2 blamed -2 fault -1.5 unfortunately -1.5 disappoint -2.5 disappoints -2.5 fml -2.5 smh -2
ugh -2 argh -2 sigh -1.5 boo -2 yikes -1.5 damn -1.5 dammit -2 goddamn -2 hell -2 lies -2.5
embarrassing -2.5 embarrassed -2 ashamed -2.5 awkward -1.5 lonely -2 alone -1 hurts -2
painful -2.5 suffering -2.5 suffer -2.5 victim -2 poorly -2 badly -2.5 weak -1.5
"""

# Emoji and emoticons: written as they appear, never folded to letters.
SYMBOLS = """
😀 2 😃 2 😄 2 😁 2 😆 2 😊 2 🙂 1 😍 3 🥰 3 😘 2 😂 1 🤣 1 😉 1 😎 1.5 👍 2 👏 2 🙌 2 💪 1.5
❤ 2.5 ♥ 2.5 💕 2.5 💖 2.5 💙 2 💚 2 💛 2 💜 2 🧡 2 😻 2.5 🎉 2.5 ✨ 1 🌟 1.5 ⭐ 1.5 🔥 0.5 🙏 1
😞 -2 😔 -2 😟 -2 😕 -1.5 🙁 -1.5 ☹ -2 😣 -2 😖 -2 😫 -2.5 😩 -2.5 😢 -2.5 😭 -2.5 😤 -2.5
😠 -3 😡 -3 🤬 -3 👎 -2.5 💔 -2.5 😒 -2 🙄 -2 😱 -2 😨 -2 😰 -2 🤮 -3 🤢 -2.5 💩 -2.5 😬 -1
:) 1.5 :-) 1.5 :D 2 :-D 2 ;) 1 <3 2.5 :( -2 :-( -2 :'( -2.5 >:( -3
"""


def parse(table: str) -> dict[str, float]:
    """``"word 1.5 other -2"`` → ``{"word": 1.5, "other": -2.0}`` (later entries win)."""
    parts = table.split()
    return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}
