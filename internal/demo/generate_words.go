package demo

// The generator's vocabulary, written for this project. Every entry is one
// phrase in French, English and Spanish, in that order (see genLanguages),
// and the three say the same thing: a sentence is drawn once as a choice of
// entries and then written in each language, so the versions of a generated
// article are translations of one another.
//
// French and Spanish agreement is kept right by construction: subjects are
// singular, verbs are in the third person singular, noun phrases carry
// their own article, and complements are whole prepositional phrases.

// tr is one phrase in each generated language, in genLanguages order.
type tr [3]string

var subjects = []tr{
	{"la commission", "the committee", "la comisión"},
	{"le ministère", "the ministry", "el ministerio"},
	{"l'ambassade", "the embassy", "la embajada"},
	{"la délégation", "the delegation", "la delegación"},
	{"le gouvernement", "the government", "el gobierno"},
	{"la mairie", "the town hall", "el ayuntamiento"},
	{"le conseil régional", "the regional council", "el consejo regional"},
	{"l'équipe du projet", "the project team", "el equipo del proyecto"},
	{"la porte-parole", "the spokeswoman", "la portavoz"},
	{"le syndicat des enseignants", "the teachers' union", "el sindicato de docentes"},
	{"l'association des usagers", "the users' association", "la asociación de usuarios"},
	{"la direction de l'hôpital", "the hospital management", "la dirección del hospital"},
	{"l'université", "the university", "la universidad"},
	{"le parlement", "parliament", "el parlamento"},
	{"la cour des comptes", "the audit court", "el tribunal de cuentas"},
	{"l'agence de l'environnement", "the environment agency", "la agencia de medio ambiente"},
	{"la fédération sportive", "the sports federation", "la federación deportiva"},
	{"le comité d'organisation", "the organising committee", "el comité organizador"},
	{"la ministre de la culture", "the culture minister", "la ministra de cultura"},
	{"le maire", "the mayor", "el alcalde"},
	{"l'opposition", "the opposition", "la oposición"},
	{"la chambre de commerce", "the chamber of commerce", "la cámara de comercio"},
	{"le réseau des bibliothèques", "the library network", "la red de bibliotecas"},
	{"la banque centrale", "the central bank", "el banco central"},
	{"l'office du tourisme", "the tourist office", "la oficina de turismo"},
	{"le collectif d'habitants", "the residents' group", "el colectivo vecinal"},
	{"la rédaction", "the newsroom", "la redacción"},
	{"l'observatoire régional", "the regional observatory", "el observatorio regional"},
	{"le consulat", "the consulate", "el consulado"},
	{"la présidente du conseil", "the council president", "la presidenta del consejo"},
	{"le rapporteur du budget", "the budget rapporteur", "el ponente del presupuesto"},
	{"la coopérative agricole", "the farming cooperative", "la cooperativa agrícola"},
	{"l'autorité de la concurrence", "the competition authority", "la autoridad de la competencia"},
	{"le service des archives", "the archives department", "el servicio de archivos"},
	{"la fondation", "the foundation", "la fundación"},
	{"le festival", "the festival", "el festival"},
	{"la compagnie de transport public", "the public transport company", "la empresa pública de transporte"},
	{"le laboratoire de recherche", "the research laboratory", "el laboratorio de investigación"},
	{"l'inspection du travail", "the labour inspectorate", "la inspección de trabajo"},
	{"la préfecture", "the prefecture", "la prefectura"},
}

var verbs = []tr{
	{"présente", "presents", "presenta"},
	{"examine", "examines", "examina"},
	{"annonce", "announces", "anuncia"},
	{"soutient", "backs", "apoya"},
	{"critique", "criticises", "critica"},
	{"prépare", "is preparing", "prepara"},
	{"publie", "publishes", "publica"},
	{"défend", "defends", "defiende"},
	{"reporte", "postpones", "aplaza"},
	{"finance", "funds", "financia"},
	{"a adopté", "has adopted", "ha aprobado"},
	{"a rejeté", "has rejected", "ha rechazado"},
	{"propose", "proposes", "propone"},
	{"évalue", "is assessing", "evalúa"},
	{"révise", "is revising", "revisa"},
	{"lance", "launches", "lanza"},
	{"suspend", "suspends", "suspende"},
	{"simplifie", "simplifies", "simplifica"},
	{"remet en cause", "questions", "cuestiona"},
	{"modernise", "is modernising", "moderniza"},
	{"dévoile", "unveils", "desvela"},
	{"confirme", "confirms", "confirma"},
	{"accélère", "speeds up", "acelera"},
	{"étend", "extends", "amplía"},
	{"renforce", "strengthens", "refuerza"},
	{"négocie", "is negotiating", "negocia"},
	{"conteste", "disputes", "impugna"},
	{"salue", "welcomes", "celebra"},
	{"signe", "signs", "firma"},
	{"a validé", "has approved", "ha validado"},
	{"relance", "revives", "relanza"},
	{"organise", "organises", "organiza"},
	{"inaugure", "opens", "inaugura"},
	{"détaille", "details", "detalla"},
	{"met en œuvre", "implements", "pone en marcha"},
	{"a abandonné", "has dropped", "ha abandonado"},
	{"réclame", "calls for", "reclama"},
	{"reconduit", "renews", "renueva"},
	{"mesure", "measures", "mide"},
	{"soumet au vote", "puts to a vote", "somete a votación"},
}

var objects = []tr{
	{"le projet de loi sur le logement", "the housing bill", "el proyecto de ley de vivienda"},
	{"un plan de rénovation des écoles", "a plan to renovate schools", "un plan de renovación de escuelas"},
	{"le budget de l'année prochaine", "next year's budget", "el presupuesto del próximo año"},
	{"une réforme des transports publics", "a reform of public transport", "una reforma del transporte público"},
	{"le calendrier des travaux", "the works schedule", "el calendario de obras"},
	{"un rapport sur la qualité de l'air", "a report on air quality", "un informe sobre la calidad del aire"},
	{"la nouvelle stratégie numérique", "the new digital strategy", "la nueva estrategia digital"},
	{"un accord de coopération", "a cooperation agreement", "un acuerdo de cooperación"},
	{"le programme de bourses", "the scholarship programme", "el programa de becas"},
	{"une consultation publique", "a public consultation", "una consulta pública"},
	{"la fermeture de la ligne ferroviaire", "the closure of the railway line", "el cierre de la línea ferroviaria"},
	{"un fonds d'aide aux petites entreprises", "a support fund for small businesses", "un fondo de ayuda a las pequeñas empresas"},
	{"le plan climat", "the climate plan", "el plan climático"},
	{"la carte scolaire", "the school catchment map", "el mapa escolar"},
	{"un nouveau centre de santé", "a new health centre", "un nuevo centro de salud"},
	{"la rénovation du musée", "the museum's renovation", "la renovación del museo"},
	{"le festival d'été", "the summer festival", "el festival de verano"},
	{"un projet de piste cyclable", "a cycle lane project", "un proyecto de carril bici"},
	{"la tarification sociale de l'eau", "social water pricing", "la tarifa social del agua"},
	{"le recensement des espèces protégées", "the census of protected species", "el censo de especies protegidas"},
	{"un programme d'apprentissage des langues", "a language learning programme", "un programa de aprendizaje de idiomas"},
	{"la numérisation des archives", "the digitisation of the archives", "la digitalización de los archivos"},
	{"les conclusions de l'audit", "the audit's findings", "las conclusiones de la auditoría"},
	{"un partenariat avec les universités", "a partnership with universities", "una alianza con las universidades"},
	{"la candidature de la ville", "the city's bid", "la candidatura de la ciudad"},
	{"le marché couvert", "the covered market", "el mercado cubierto"},
	{"un dispositif d'alerte", "an alert system", "un sistema de alerta"},
	{"la baisse des loyers", "lower rents", "la bajada de los alquileres"},
	{"un plan de prévention des inondations", "a flood prevention plan", "un plan de prevención de inundaciones"},
	{"le traité commercial", "the trade treaty", "el tratado comercial"},
	{"la charte de déontologie", "the code of ethics", "el código deontológico"},
	{"un appel à projets", "a call for projects", "una convocatoria de proyectos"},
	{"la réouverture de la gare", "the reopening of the station", "la reapertura de la estación"},
	{"le réseau de bus de nuit", "the night bus network", "la red de autobuses nocturnos"},
	{"un observatoire des prix", "a price monitoring unit", "un observatorio de precios"},
	{"la gratuité des cantines", "free school meals", "la gratuidad de los comedores escolares"},
	{"le chantier du nouveau pont", "the construction of the new bridge", "las obras del nuevo puente"},
	{"un programme de logements sociaux", "a social housing programme", "un programa de vivienda social"},
	{"la protection du littoral", "coastal protection", "la protección del litoral"},
	{"une campagne de vaccination", "a vaccination campaign", "una campaña de vacunación"},
	{"le statut des artistes", "the status of artists", "el estatuto de los artistas"},
	{"une plateforme de données ouvertes", "an open data platform", "una plataforma de datos abiertos"},
	{"la réforme du code électoral", "the reform of the electoral code", "la reforma del código electoral"},
	{"un plan de formation des agents", "a training plan for staff", "un plan de formación del personal"},
	{"le contrat de plan avec l'État", "the planning contract with the State", "el contrato-programa con el Estado"},
	{"la réduction des déchets plastiques", "the reduction of plastic waste", "la reducción de los residuos plásticos"},
	{"un label de qualité", "a quality label", "un sello de calidad"},
	{"le futur stade", "the future stadium", "el futuro estadio"},
	{"la saison culturelle", "the cultural season", "la temporada cultural"},
	{"un accord salarial", "a wage agreement", "un acuerdo salarial"},
	{"la politique des visas", "the visa policy", "la política de visados"},
	{"le plan de relance", "the recovery plan", "el plan de recuperación"},
	{"une aide au permis de conduire", "help with driving lessons", "una ayuda para el carné de conducir"},
	{"la semaine de quatre jours", "the four-day week", "la semana de cuatro días"},
	{"le réseau de chaleur", "the district heating network", "la red de calefacción urbana"},
	{"un jumelage avec une ville étrangère", "a twinning with a foreign town", "un hermanamiento con una ciudad extranjera"},
	{"la protection des données personnelles", "the protection of personal data", "la protección de los datos personales"},
	{"un centre d'accueil pour les réfugiés", "a reception centre for refugees", "un centro de acogida para refugiados"},
	{"les horaires des bibliothèques", "library opening hours", "los horarios de las bibliotecas"},
	{"la reconversion de l'ancienne usine", "the conversion of the old factory", "la reconversión de la antigua fábrica"},
}

var complements = []tr{
	{"devant la presse", "before the press", "ante la prensa"},
	{"malgré les critiques de l'opposition", "despite criticism from the opposition", "pese a las críticas de la oposición"},
	{"pour la troisième fois cette année", "for the third time this year", "por tercera vez este año"},
	{"après des mois de négociations", "after months of negotiations", "tras meses de negociaciones"},
	{"lors d'une séance publique", "at a public session", "en una sesión pública"},
	{"sans attendre l'avis des experts", "without waiting for the experts' opinion", "sin esperar la opinión de los expertos"},
	{"dans un climat tendu", "in a tense atmosphere", "en un clima tenso"},
	{"avec le soutien des collectivités locales", "with the support of local authorities", "con el apoyo de las administraciones locales"},
	{"à la surprise générale", "to everyone's surprise", "para sorpresa de todos"},
	{"d'ici à la fin de l'année", "by the end of the year", "antes de que acabe el año"},
	{"en présence de nombreux élus", "in the presence of many elected officials", "en presencia de numerosos cargos electos"},
	{"au terme d'un long débat", "after a long debate", "al término de un largo debate"},
	{"pour répondre aux attentes des habitants", "to meet residents' expectations", "para responder a las expectativas de los vecinos"},
	{"dans le cadre d'un programme européen", "as part of a European programme", "en el marco de un programa europeo"},
	{"selon un communiqué publié ce matin", "according to a statement released this morning", "según un comunicado publicado esta mañana"},
	{"à quelques semaines des élections", "a few weeks before the elections", "a pocas semanas de las elecciones"},
	{"pour un montant encore inconnu", "for a sum not yet disclosed", "por un importe aún desconocido"},
	{"en concertation avec les syndicats", "in consultation with the unions", "en concertación con los sindicatos"},
	{"dès le mois prochain", "from next month", "a partir del mes que viene"},
	{"à titre expérimental", "on a trial basis", "con carácter experimental"},
	{"sous la pression des associations", "under pressure from associations", "bajo la presión de las asociaciones"},
	{"au grand soulagement des commerçants", "to the great relief of shopkeepers", "para alivio de los comerciantes"},
	{"avec un an de retard", "a year behind schedule", "con un año de retraso"},
	{"malgré un budget en baisse", "despite a shrinking budget", "pese a un presupuesto a la baja"},
	{"après une première phase de test", "after a first test phase", "tras una primera fase de prueba"},
	{"dans plusieurs quartiers de la ville", "in several districts of the city", "en varios barrios de la ciudad"},
	{"sans donner de date précise", "without giving a precise date", "sin dar una fecha precisa"},
	{"à l'issue d'un vote serré", "after a close vote", "tras una votación ajustada"},
	{"pour la première fois depuis dix ans", "for the first time in ten years", "por primera vez en diez años"},
	{"avec l'aide de bénévoles", "with the help of volunteers", "con la ayuda de voluntarios"},
	{"face à la hausse des prix", "in the face of rising prices", "ante la subida de los precios"},
	{"dans un entretien accordé à notre journal", "in an interview with our paper", "en una entrevista concedida a nuestro periódico"},
	{"au cours d'une visite officielle", "during an official visit", "durante una visita oficial"},
	{"en s'appuyant sur une étude indépendante", "drawing on an independent study", "apoyándose en un estudio independiente"},
	{"avant l'été", "before the summer", "antes del verano"},
	{"sur l'ensemble du territoire", "across the whole country", "en todo el territorio"},
	{"à la demande du conseil", "at the council's request", "a petición del consejo"},
	{"dans un calendrier très serré", "on a very tight schedule", "con un calendario muy ajustado"},
	{"sans consulter les riverains", "without consulting local residents", "sin consultar a los vecinos"},
	{"pour limiter les coûts", "to keep costs down", "para limitar los costes"},
}

// connectors open a sentence; the subject that follows starts in lower case.
var connectors = []tr{
	{"Par ailleurs,", "Meanwhile,", "Por otra parte,"},
	{"Selon plusieurs sources,", "According to several sources,", "Según varias fuentes,"},
	{"Dans le même temps,", "At the same time,", "Al mismo tiempo,"},
	{"Comme prévu,", "As expected,", "Como estaba previsto,"},
	{"Sans surprise,", "Unsurprisingly,", "Sin sorpresa,"},
	{"De son côté,", "For its part,", "Por su parte,"},
	{"En outre,", "In addition,", "Además,"},
	{"Pourtant,", "Yet", "Sin embargo,"},
	{"Quelques jours plus tard,", "A few days later,", "Unos días después,"},
	{"D'après nos informations,", "According to our information,", "Según nuestras informaciones,"},
	{"Contre toute attente,", "Against all expectations,", "Contra todo pronóstico,"},
	{"Depuis le début de l'année,", "Since the start of the year,", "Desde principios de año,"},
	{"En attendant,", "In the meantime,", "Mientras tanto,"},
	{"Finalement,", "In the end,", "Finalmente,"},
	{"Dans un premier temps,", "Initially,", "En un primer momento,"},
	{"Enfin,", "Finally,", "Por último,"},
	{"À l'inverse,", "Conversely,", "En cambio,"},
	{"Officiellement,", "Officially,", "Oficialmente,"},
	{"Cette semaine,", "This week,", "Esta semana,"},
	{"Hier soir,", "Last night,", "Anoche,"},
	{"Toutefois,", "However,", "No obstante,"},
	{"En coulisses,", "Behind the scenes,", "Entre bastidores,"},
	{"De fait,", "In fact,", "De hecho,"},
}

// speakers and sayVerbs attribute quotes.
var speakers = []tr{
	{"la porte-parole du ministère", "the ministry's spokeswoman", "la portavoz del ministerio"},
	{"une conseillère municipale", "a city councillor", "una concejala"},
	{"le directeur de l'agence", "the agency's director", "el director de la agencia"},
	{"une habitante du quartier", "a local resident", "una vecina del barrio"},
	{"un enseignant", "a teacher", "un profesor"},
	{"la rapporteuse du texte", "the bill's rapporteur", "la ponente del texto"},
	{"un commerçant du centre-ville", "a shopkeeper in the town centre", "un comerciante del centro"},
	{"la présidente de l'association", "the association's president", "la presidenta de la asociación"},
	{"un responsable syndical", "a union official", "un responsable sindical"},
	{"l'adjointe chargée des transports", "the deputy mayor for transport", "la teniente de alcalde de transportes"},
	{"un chercheur associé au projet", "a researcher involved in the project", "un investigador vinculado al proyecto"},
	{"la cheffe de chantier", "the site manager", "la jefa de obra"},
	{"un élu de l'opposition", "an opposition councillor", "un concejal de la oposición"},
	{"la directrice du musée", "the museum's director", "la directora del museo"},
	{"un ancien ministre", "a former minister", "un exministro"},
	{"une étudiante", "a student", "una estudiante"},
}

var sayVerbs = []tr{
	{"explique", "explains", "explica"},
	{"estime", "says", "afirma"},
	{"souligne", "stresses", "subraya"},
	{"résume", "sums up", "resume"},
	{"prévient", "warns", "advierte"},
	{"reconnaît", "admits", "reconoce"},
	{"assure", "insists", "asegura"},
	{"confie", "confides", "confiesa"},
}

// quotes are written without their quotation marks and final punctuation,
// which differ by language.
var quotes = []tr{
	{"Nous avançons pas à pas", "We are moving forward step by step", "Avanzamos paso a paso"},
	{"Personne ne doit être laissé de côté", "No one must be left behind", "Nadie debe quedarse atrás"},
	{"C'est une décision que nous assumons pleinement", "It is a decision we fully stand by", "Es una decisión que asumimos plenamente"},
	{"Les habitants attendent des réponses concrètes", "Residents expect concrete answers", "Los vecinos esperan respuestas concretas"},
	{"Il faudra du temps pour mesurer les effets", "It will take time to measure the effects", "Hará falta tiempo para medir los efectos"},
	{"Nous n'avons pas été consultés", "We were not consulted", "No se nos consultó"},
	{"Le calendrier reste tenable", "The timetable is still achievable", "El calendario sigue siendo viable"},
	{"Ce projet change la vie du quartier", "This project changes life in the neighbourhood", "Este proyecto cambia la vida del barrio"},
	{"Les chiffres parlent d'eux-mêmes", "The figures speak for themselves", "Las cifras hablan por sí solas"},
	{"Nous resterons vigilants", "We will remain vigilant", "Seguiremos vigilantes"},
	{"Rien n'est encore décidé", "Nothing has been decided yet", "Todavía no hay nada decidido"},
	{"C'est un premier pas, pas une fin en soi", "It is a first step, not an end in itself", "Es un primer paso, no un fin en sí mismo"},
	{"Nous attendons des garanties écrites", "We are waiting for written guarantees", "Esperamos garantías por escrito"},
	{"La concertation a été exemplaire", "The consultation was exemplary", "La concertación ha sido ejemplar"},
	{"Le coût final sera maîtrisé", "The final cost will be kept under control", "El coste final estará controlado"},
	{"Il était temps", "It was about time", "Ya era hora"},
	{"Nous voulons que chacun puisse en profiter", "We want everyone to be able to benefit", "Queremos que todos puedan beneficiarse"},
	{"Les erreurs du passé ne se répéteront pas", "The mistakes of the past will not be repeated", "Los errores del pasado no se repetirán"},
	{"Nous avons entendu les critiques", "We have heard the criticism", "Hemos escuchado las críticas"},
	{"Ce n'est qu'un début", "This is only the beginning", "Esto es solo el principio"},
}

// A stat is a sentence around one number; kind says what size of number
// fits it.
type stat struct {
	text tr // with one %s for the number
	kind statKind
}

type statKind uint8

const (
	statMoney statKind = iota
	statPeople
	statSmall
	statPercent
)

var stats = []stat{
	{tr{"Le coût total est estimé à %s euros", "The total cost is estimated at %s euros", "El coste total se estima en %s euros"}, statMoney},
	{tr{"Près de %s personnes sont concernées", "Nearly %s people are affected", "Cerca de %s personas están afectadas"}, statPeople},
	{tr{"Le projet doit créer %s emplois", "The project is expected to create %s jobs", "El proyecto debe crear %s empleos"}, statPeople},
	{tr{"La consultation a recueilli %s contributions", "The consultation received %s contributions", "La consulta recogió %s aportaciones"}, statPeople},
	{tr{"Les travaux dureront %s mois", "The works will last %s months", "Las obras durarán %s meses"}, statSmall},
	{tr{"La pétition a réuni %s signatures", "The petition gathered %s signatures", "La petición reunió %s firmas"}, statPeople},
	{tr{"Le budget augmente de %s %%", "The budget rises by %s%%", "El presupuesto aumenta un %s %%"}, statPercent},
	{tr{"Le dispositif a déjà accueilli %s visiteurs", "The scheme has already welcomed %s visitors", "El dispositivo ya ha recibido %s visitantes"}, statPeople},
	{tr{"Le taux de participation atteint %s %%", "Turnout reached %s%%", "La participación alcanza el %s %%"}, statPercent},
	{tr{"Au total, %s dossiers sont encore en attente", "In all, %s applications are still pending", "En total, %s expedientes siguen pendientes"}, statPeople},
	{tr{"L'enveloppe prévue s'élève à %s euros", "The funding set aside amounts to %s euros", "La partida prevista asciende a %s euros"}, statMoney},
	{tr{"Le chantier mobilise %s entreprises", "The work involves %s companies", "La obra moviliza a %s empresas"}, statSmall},
}

var headings = []tr{
	{"Un calendrier serré", "A tight schedule", "Un calendario ajustado"},
	{"Les premières réactions", "First reactions", "Las primeras reacciones"},
	{"Ce qui change concrètement", "What changes in practice", "Qué cambia en concreto"},
	{"Les chiffres clés", "Key figures", "Las cifras clave"},
	{"Et maintenant ?", "What happens next?", "¿Y ahora qué?"},
	{"Un dossier ancien", "A long-standing issue", "Un asunto antiguo"},
	{"Des inquiétudes persistantes", "Lingering concerns", "Preocupaciones persistentes"},
	{"Le rôle des collectivités", "The role of local authorities", "El papel de las administraciones locales"},
	{"Une méthode discutée", "A contested method", "Un método discutido"},
	{"Sur le terrain", "On the ground", "Sobre el terreno"},
	{"Le contexte", "Background", "El contexto"},
	{"Ce que disent les experts", "What the experts say", "Lo que dicen los expertos"},
	{"Un financement à trouver", "Funding still to be found", "Una financiación por encontrar"},
	{"Les prochaines étapes", "Next steps", "Los próximos pasos"},
	{"Une longue attente", "A long wait", "Una larga espera"},
	{"Des précédents", "Precedents", "Precedentes"},
	{"La position de l'opposition", "The opposition's position", "La postura de la oposición"},
	{"Un enjeu européen", "A European issue", "Un reto europeo"},
	{"Les usagers en première ligne", "Users on the front line", "Los usuarios en primera línea"},
	{"Ce qu'il faut retenir", "Key takeaways", "Lo que hay que saber"},
	{"Un premier bilan", "An initial assessment", "Un primer balance"},
	{"Des questions en suspens", "Open questions", "Preguntas pendientes"},
}

var listIntros = []tr{
	{"Parmi les mesures annoncées :", "Among the measures announced:", "Entre las medidas anunciadas:"},
	{"Le texte prévoit notamment :", "The text provides in particular for:", "El texto prevé en particular:"},
	{"Plusieurs pistes sont à l'étude :", "Several options are under study:", "Se estudian varias opciones:"},
	{"Au programme :", "On the agenda:", "En el programa:"},
	{"Les désaccords portent sur :", "The disagreements concern:", "Los desacuerdos se refieren a:"},
	{"Les priorités affichées :", "The stated priorities:", "Las prioridades anunciadas:"},
	{"Ce que réclament les habitants :", "What residents are calling for:", "Lo que reclaman los vecinos:"},
}

// externalLinks is a sentence with %s for a Markdown link to a source.
var externalLinks = []struct {
	text, anchor tr
	path         string
}{
	{tr{"Le détail figure dans %s.", "The details are in %s.", "Los detalles figuran en %s."},
		tr{"le rapport complet", "the full report", "el informe completo"}, "rapports"},
	{tr{"On peut lire %s en ligne.", "%s can be read online.", "Se puede leer %s en línea."},
		tr{"le communiqué officiel", "The official statement", "el comunicado oficial"}, "communiques"},
	{tr{"Chacun peut consulter %s.", "Anyone can consult %s.", "Cualquiera puede consultar %s."},
		tr{"les données publiées", "the published data", "los datos publicados"}, "donnees"},
	{tr{"Voir aussi %s.", "See also %s.", "Véase también %s."},
		tr{"le texte intégral", "the full text", "el texto íntegro"}, "textes"},
}

var readAlso = tr{"Lire aussi :", "Read also:", "Lea también:"}

var tableHeader = [2]tr{{"Indicateur", "Indicator", "Indicador"}, {"Valeur", "Value", "Valor"}}

var tableRows = []stat{
	{tr{"Budget (millions d'euros)", "Budget (million euros)", "Presupuesto (millones de euros)"}, statSmall},
	{tr{"Personnes concernées", "People affected", "Personas afectadas"}, statPeople},
	{tr{"Durée des travaux (mois)", "Duration of works (months)", "Duración de las obras (meses)"}, statSmall},
	{tr{"Participation (%)", "Turnout (%)", "Participación (%)"}, statPercent},
	{tr{"Emplois créés", "Jobs created", "Empleos creados"}, statPeople},
	{tr{"Contributions reçues", "Contributions received", "Aportaciones recibidas"}, statPeople},
}

var surtitles = []tr{
	{"Analyse", "Analysis", "Análisis"},
	{"Reportage", "Report", "Reportaje"},
	{"Entretien", "Interview", "Entrevista"},
	{"Décryptage", "Explainer", "Claves"},
	{"Enquête", "Investigation", "Investigación"},
	{"Tribune", "Opinion", "Tribuna"},
	{"En bref", "In brief", "En breve"},
	{"Portrait", "Profile", "Perfil"},
}

// places are datelines: "City, Country".
var places = []tr{
	{"Paris, France", "Paris, France", "París, Francia"},
	{"Lyon, France", "Lyon, France", "Lyon, Francia"},
	{"Marseille, France", "Marseille, France", "Marsella, Francia"},
	{"Bruxelles, Belgique", "Brussels, Belgium", "Bruselas, Bélgica"},
	{"Genève, Suisse", "Geneva, Switzerland", "Ginebra, Suiza"},
	{"Montréal, Canada", "Montreal, Canada", "Montreal, Canadá"},
	{"Dakar, Sénégal", "Dakar, Senegal", "Dakar, Senegal"},
	{"Abidjan, Côte d'Ivoire", "Abidjan, Côte d'Ivoire", "Abiyán, Costa de Marfil"},
	{"Rabat, Maroc", "Rabat, Morocco", "Rabat, Marruecos"},
	{"Tunis, Tunisie", "Tunis, Tunisia", "Túnez, Túnez"},
	{"Madrid, Espagne", "Madrid, Spain", "Madrid, España"},
	{"Barcelone, Espagne", "Barcelona, Spain", "Barcelona, España"},
	{"Séville, Espagne", "Seville, Spain", "Sevilla, España"},
	{"Mexico, Mexique", "Mexico City, Mexico", "Ciudad de México, México"},
	{"Buenos Aires, Argentine", "Buenos Aires, Argentina", "Buenos Aires, Argentina"},
	{"Bogota, Colombie", "Bogotá, Colombia", "Bogotá, Colombia"},
	{"Lima, Pérou", "Lima, Peru", "Lima, Perú"},
	{"Santiago, Chili", "Santiago, Chile", "Santiago, Chile"},
	{"Londres, Royaume-Uni", "London, United Kingdom", "Londres, Reino Unido"},
	{"Dublin, Irlande", "Dublin, Ireland", "Dublín, Irlanda"},
	{"Édimbourg, Royaume-Uni", "Edinburgh, United Kingdom", "Edimburgo, Reino Unido"},
	{"New York, États-Unis", "New York, United States", "Nueva York, Estados Unidos"},
	{"Berlin, Allemagne", "Berlin, Germany", "Berlín, Alemania"},
	{"Rome, Italie", "Rome, Italy", "Roma, Italia"},
	{"Lisbonne, Portugal", "Lisbon, Portugal", "Lisboa, Portugal"},
	{"Athènes, Grèce", "Athens, Greece", "Atenas, Grecia"},
	{"Beyrouth, Liban", "Beirut, Lebanon", "Beirut, Líbano"},
	{"Le Caire, Égypte", "Cairo, Egypt", "El Cairo, Egipto"},
	{"Nairobi, Kenya", "Nairobi, Kenya", "Nairobi, Kenia"},
	{"Tokyo, Japon", "Tokyo, Japan", "Tokio, Japón"},
}

// sectionTree is the top of the generated section tree, with the natural
// children of each top section.
var sectionTree = []struct {
	title    tr
	children []tr
}{
	{tr{"Politique", "Politics", "Política"}, []tr{
		{"Élections", "Elections", "Elecciones"}, {"Parlement", "Parliament", "Parlamento"},
		{"Gouvernement", "Government", "Gobierno"}, {"Collectivités", "Local government", "Administración local"}}},
	{tr{"Économie", "Economy", "Economía"}, []tr{
		{"Entreprises", "Business", "Empresas"}, {"Emploi", "Jobs", "Empleo"},
		{"Finances publiques", "Public finances", "Finanzas públicas"}, {"Commerce", "Trade", "Comercio"}}},
	{tr{"International", "World", "Internacional"}, []tr{
		{"Europe", "Europe", "Europa"}, {"Afrique", "Africa", "África"}, {"Amériques", "Americas", "América"},
		{"Asie", "Asia", "Asia"}, {"Moyen-Orient", "Middle East", "Oriente Medio"}}},
	{tr{"Société", "Society", "Sociedad"}, []tr{
		{"Éducation", "Education", "Educación"}, {"Santé", "Health", "Salud"}, {"Justice", "Justice", "Justicia"},
		{"Logement", "Housing", "Vivienda"}, {"Transports", "Transport", "Transporte"}}},
	{tr{"Culture", "Culture", "Cultura"}, []tr{
		{"Cinéma", "Film", "Cine"}, {"Musique", "Music", "Música"}, {"Livres", "Books", "Libros"},
		{"Arts", "Arts", "Artes"}, {"Patrimoine", "Heritage", "Patrimonio"}}},
	{tr{"Sciences", "Science", "Ciencia"}, []tr{
		{"Espace", "Space", "Espacio"}, {"Recherche", "Research", "Investigación"}, {"Numérique", "Digital", "Digital"}}},
	{tr{"Sport", "Sport", "Deporte"}, []tr{
		{"Football", "Football", "Fútbol"}, {"Athlétisme", "Athletics", "Atletismo"},
		{"Cyclisme", "Cycling", "Ciclismo"}, {"Rugby", "Rugby", "Rugby"}}},
	{tr{"Environnement", "Environment", "Medio ambiente"}, []tr{
		{"Climat", "Climate", "Clima"}, {"Biodiversité", "Biodiversity", "Biodiversidad"},
		{"Énergie", "Energy", "Energía"}, {"Agriculture", "Farming", "Agricultura"}}},
	{tr{"Régions", "Regions", "Regiones"}, []tr{
		{"Nord", "North", "Norte"}, {"Sud", "South", "Sur"}, {"Est", "East", "Este"}, {"Ouest", "West", "Oeste"}}},
	{tr{"Opinions", "Opinion", "Opinión"}, []tr{
		{"Éditoriaux", "Editorials", "Editoriales"}, {"Tribunes", "Op-eds", "Tribunas"},
		{"Courrier des lecteurs", "Letters", "Cartas de los lectores"}}},
}

// formats name the third level of the tree: kinds of pieces in a rubric.
var formats = []tr{
	{"Analyses", "Analysis", "Análisis"},
	{"Portraits", "Profiles", "Perfiles"},
	{"Entretiens", "Interviews", "Entrevistas"},
	{"Reportages", "Reports", "Reportajes"},
	{"Chroniques", "Columns", "Columnas"},
	{"Brèves", "Briefs", "Breves"},
	{"Enquêtes", "Investigations", "Investigaciones"},
	{"Dossiers", "In depth", "A fondo"},
	{"Décryptages", "Explainers", "Claves"},
	{"Vidéos", "Videos", "Vídeos"},
	{"Photos", "Photos", "Fotos"},
	{"Archives", "Archives", "Archivo"},
	{"Agenda", "Diary", "Agenda"},
	{"Débats", "Debates", "Debates"},
}

var sectionDescription = tr{"Les articles de la rubrique %s.", "Articles in the %s section.", "Los artículos de la sección %s."}

var keywordGroupTitles = []tr{
	{"Thèmes", "Themes", "Temas"},
	{"Pays", "Countries", "Países"},
	{"Événements", "Events", "Eventos"},
}

var themes = []tr{
	{"Éducation", "Education", "Educación"}, {"Santé", "Health", "Salud"}, {"Logement", "Housing", "Vivienda"},
	{"Transports", "Transport", "Transporte"}, {"Climat", "Climate", "Clima"}, {"Énergie", "Energy", "Energía"},
	{"Emploi", "Employment", "Empleo"}, {"Agriculture", "Agriculture", "Agricultura"}, {"Numérique", "Digital", "Digital"},
	{"Culture", "Culture", "Cultura"}, {"Patrimoine", "Heritage", "Patrimonio"}, {"Justice", "Justice", "Justicia"},
	{"Sécurité", "Security", "Seguridad"}, {"Immigration", "Immigration", "Inmigración"}, {"Diplomatie", "Diplomacy", "Diplomacia"},
	{"Commerce", "Trade", "Comercio"}, {"Fiscalité", "Taxation", "Fiscalidad"}, {"Retraites", "Pensions", "Pensiones"},
	{"Jeunesse", "Youth", "Juventud"}, {"Égalité", "Equality", "Igualdad"}, {"Handicap", "Disability", "Discapacidad"},
	{"Recherche", "Research", "Investigación"}, {"Universités", "Universities", "Universidades"}, {"Médias", "Media", "Medios"},
	{"Sport", "Sport", "Deporte"}, {"Tourisme", "Tourism", "Turismo"}, {"Eau", "Water", "Agua"},
	{"Biodiversité", "Biodiversity", "Biodiversidad"}, {"Déchets", "Waste", "Residuos"}, {"Urbanisme", "Urban planning", "Urbanismo"},
	{"Ruralité", "Rural life", "Mundo rural"}, {"Industrie", "Industry", "Industria"}, {"Innovation", "Innovation", "Innovación"},
	{"Consommation", "Consumer affairs", "Consumo"}, {"Alimentation", "Food", "Alimentación"}, {"Droits humains", "Human rights", "Derechos humanos"},
	{"Élections", "Elections", "Elecciones"}, {"Parlement", "Parliament", "Parlamento"}, {"Collectivités locales", "Local government", "Administración local"},
	{"Europe", "Europe", "Europa"}, {"Défense", "Defence", "Defensa"}, {"Aide au développement", "Development aid", "Ayuda al desarrollo"},
	{"Langues", "Languages", "Idiomas"}, {"Musique", "Music", "Música"}, {"Cinéma", "Cinema", "Cine"},
	{"Littérature", "Literature", "Literatura"}, {"Arts plastiques", "Visual arts", "Artes plásticas"}, {"Données ouvertes", "Open data", "Datos abiertos"},
	{"Accessibilité", "Accessibility", "Accesibilidad"}, {"Vie associative", "Voluntary sector", "Asociacionismo"}, {"Sciences", "Science", "Ciencia"},
	{"Mobilités douces", "Active travel", "Movilidad sostenible"},
}

var countries = []tr{
	{"France", "France", "Francia"}, {"Allemagne", "Germany", "Alemania"}, {"Espagne", "Spain", "España"},
	{"Italie", "Italy", "Italia"}, {"Portugal", "Portugal", "Portugal"}, {"Belgique", "Belgium", "Bélgica"},
	{"Suisse", "Switzerland", "Suiza"}, {"Royaume-Uni", "United Kingdom", "Reino Unido"}, {"Irlande", "Ireland", "Irlanda"},
	{"Pays-Bas", "Netherlands", "Países Bajos"}, {"Pologne", "Poland", "Polonia"}, {"Grèce", "Greece", "Grecia"},
	{"Suède", "Sweden", "Suecia"}, {"Norvège", "Norway", "Noruega"}, {"Maroc", "Morocco", "Marruecos"},
	{"Algérie", "Algeria", "Argelia"}, {"Tunisie", "Tunisia", "Túnez"}, {"Sénégal", "Senegal", "Senegal"},
	{"Côte d'Ivoire", "Côte d'Ivoire", "Costa de Marfil"}, {"Mali", "Mali", "Malí"}, {"Cameroun", "Cameroon", "Camerún"},
	{"Égypte", "Egypt", "Egipto"}, {"Liban", "Lebanon", "Líbano"}, {"Jordanie", "Jordan", "Jordania"},
	{"Turquie", "Turkey", "Turquía"}, {"Inde", "India", "India"}, {"Chine", "China", "China"},
	{"Japon", "Japan", "Japón"}, {"Corée du Sud", "South Korea", "Corea del Sur"}, {"Viêt Nam", "Vietnam", "Vietnam"},
	{"Indonésie", "Indonesia", "Indonesia"}, {"Australie", "Australia", "Australia"}, {"Canada", "Canada", "Canadá"},
	{"États-Unis", "United States", "Estados Unidos"}, {"Mexique", "Mexico", "México"}, {"Brésil", "Brazil", "Brasil"},
	{"Argentine", "Argentina", "Argentina"}, {"Chili", "Chile", "Chile"}, {"Colombie", "Colombia", "Colombia"},
	{"Pérou", "Peru", "Perú"}, {"Cuba", "Cuba", "Cuba"}, {"Haïti", "Haiti", "Haití"},
	{"Afrique du Sud", "South Africa", "Sudáfrica"}, {"Nigeria", "Nigeria", "Nigeria"}, {"Kenya", "Kenya", "Kenia"},
	{"Éthiopie", "Ethiopia", "Etiopía"}, {"Madagascar", "Madagascar", "Madagascar"}, {"Ukraine", "Ukraine", "Ucrania"},
	{"Roumanie", "Romania", "Rumanía"},
}

// events become keywords with a year: "Salon du livre 2021".
var events = []tr{
	{"Sommet pour le climat", "Climate summit", "Cumbre del clima"},
	{"Élections municipales", "Local elections", "Elecciones municipales"},
	{"Élections régionales", "Regional elections", "Elecciones regionales"},
	{"Festival international du film", "International film festival", "Festival internacional de cine"},
	{"Jeux régionaux", "Regional games", "Juegos regionales"},
	{"Salon du livre", "Book fair", "Feria del libro"},
	{"Budget", "Budget", "Presupuestos"},
	{"Semaine de l'accessibilité", "Accessibility week", "Semana de la accesibilidad"},
	{"Forum de l'emploi", "Jobs forum", "Foro de empleo"},
	{"Conférence des ambassadeurs", "Ambassadors' conference", "Conferencia de embajadores"},
	{"Nuit des musées", "Museum night", "Noche de los museos"},
	{"Fête de la musique", "Music day", "Fiesta de la música"},
	{"Rentrée scolaire", "Back to school", "Vuelta al cole"},
	{"Sommet européen", "European summit", "Cumbre europea"},
	{"Marathon", "Marathon", "Maratón"},
	{"Vague de chaleur", "Heatwave", "Ola de calor"},
}

var fileKeyword = tr{"Dossier %d", "File %d", "Expediente %d"}

var siteTexts = struct {
	name, tagline, legal, accessibility, footer, copyright tr
}{
	name:    tr{"La Gazette d'essai", "The Test Gazette", "La Gaceta de prueba"},
	tagline: tr{"Un site fictif généré pour éprouver Dépêche à grande échelle", "A fictional site generated to put Dépêche through its paces", "Un sitio ficticio generado para poner a prueba Dépêche a gran escala"},
	legal: tr{
		"## Éditeur\n\nCe site est **généré automatiquement** par la commande `depeche demo generate`. Les articles, les personnes et les commentaires sont fictifs ; toute ressemblance avec des faits réels serait fortuite.\n\n## Données personnelles\n\nLes adresses électroniques des commentaires sont inventées et appartiennent à des domaines réservés aux exemples.\n",
		"## Publisher\n\nThis site is **generated automatically** by the `depeche demo generate` command. The articles, people and comments are fictional; any resemblance to real events is coincidental.\n\n## Personal data\n\nThe e-mail addresses of the comments are made up and belong to domains reserved for examples.\n",
		"## Editor\n\nEste sitio se **genera automáticamente** con la orden `depeche demo generate`. Los artículos, las personas y los comentarios son ficticios; cualquier parecido con hechos reales es pura coincidencia.\n\n## Datos personales\n\nLas direcciones de correo de los comentarios son inventadas y pertenecen a dominios reservados para ejemplos.\n",
	},
	accessibility: tr{
		"## État de conformité\n\nCe site de test reprend les gabarits de Dépêche ; son contenu généré n'a pas fait l'objet d'un audit.\n",
		"## Compliance status\n\nThis test site uses Dépêche's templates; its generated content has not been audited.\n",
		"## Estado de conformidad\n\nEste sitio de prueba usa las plantillas de Dépêche; su contenido generado no ha sido auditado.\n",
	},
	footer:    tr{"Un journal imaginaire, des milliers d'articles, aucun lecteur réel.", "An imaginary paper, thousands of articles, no real readers.", "Un periódico imaginario, miles de artículos, ningún lector real."},
	copyright: tr{"Contenu généré — aucun droit réservé", "Generated content — no rights reserved", "Contenido generado — ningún derecho reservado"},
}

var languageNames = tr{"Français", "English", "Español"}

var authorBio = tr{"%s écrit pour la rubrique %s depuis %d.", "%s has written for the %s section since %d.", "%s escribe para la sección %s desde %d."}

// People's names are drawn from many places, as on any multilingual site.
var firstNames = []string{
	"Amina", "Bruno", "Camille", "Diego", "Élodie", "Fatou", "Gabriel", "Hélène", "Ibrahim", "Jeanne",
	"Karim", "Laura", "Malik", "Nadia", "Olivier", "Paula", "Quentin", "Rosa", "Samir", "Thérèse",
	"Ulysse", "Valentina", "William", "Xavier", "Yasmine", "Zoé", "Aïssatou", "Benoît", "Carmen", "David",
	"Emma", "Farid", "Grace", "Hugo", "Inés", "Julien", "Kenji", "Léa", "Manuel", "Noémie",
	"Omar", "Pilar", "Rachid", "Sofia", "Thomas", "Victoria", "Youssef", "Alice", "Javier", "Mariam",
	"Nicolas", "Lucía", "Mamadou", "Claire", "Sean", "Ana", "Pierre", "Lina", "Pablo", "Chloé",
}

var lastNames = []string{
	"Martin", "Diallo", "García", "Bernard", "Nguyen", "Rodríguez", "Petit", "Benali", "Fernández", "Dubois",
	"Smith", "Traoré", "López", "Moreau", "Haddad", "Martínez", "Laurent", "Kone", "Sánchez", "Lefebvre",
	"O'Brien", "Mendy", "Pérez", "Roux", "Tanaka", "Gómez", "Fournier", "Mansour", "Díaz", "Girard",
	"Walsh", "Ndiaye", "Torres", "Bonnet", "Khalil", "Ruiz", "Lambert", "Cissé", "Romero", "Fontaine",
	"Murphy", "Sow", "Navarro", "Chevalier", "Amrani", "Vargas", "Robin", "Okafor", "Castro", "Garnier",
}

var pseudonyms = []string{
	"lecteur75", "Marta_BCN", "citoyenne_engagée", "JohnD", "el_vecino", "Papy Jo", "curieuse", "Observateur",
	"rayo_de_sol", "night_owl", "Le Râleur", "Anónimo", "old_reader", "MissPoppy", "Sceptique", "tío_Paco",
}

// Comment texts: first messages, replies, team answers, closings, spam.
var commentOpeners = []tr{
	{"Merci pour cet article très clair.", "Thanks for this very clear article.", "Gracias por este artículo tan claro."},
	{"Enfin quelqu'un qui en parle !", "Finally someone is talking about this!", "¡Por fin alguien habla de esto!"},
	{"Je ne suis pas du tout d'accord avec cette analyse.", "I completely disagree with this analysis.", "No estoy nada de acuerdo con este análisis."},
	{"Article intéressant, mais il manque un point important.", "Interesting article, but one important point is missing.", "Artículo interesante, pero falta un punto importante."},
	{"J'habite le quartier depuis vingt ans et je confirme.", "I have lived in the area for twenty years and I can confirm this.", "Vivo en el barrio desde hace veinte años y lo confirmo."},
	{"Encore une annonce sans lendemain.", "Yet another announcement that will go nowhere.", "Otro anuncio que se quedará en nada."},
	{"Très bon résumé de la situation.", "A very good summary of the situation.", "Muy buen resumen de la situación."},
	{"Je me pose une question.", "I have a question.", "Tengo una pregunta."},
	{"Bravo pour ce travail d'enquête.", "Well done on this investigative work.", "Enhorabuena por este trabajo de investigación."},
	{"Le titre est un peu trompeur.", "The headline is a little misleading.", "El titular es un poco engañoso."},
	{"Quelqu'un a-t-il des nouvelles depuis ?", "Does anyone have any news since then?", "¿Alguien sabe algo desde entonces?"},
	{"C'est une bonne nouvelle pour les familles.", "This is good news for families.", "Es una buena noticia para las familias."},
	{"Je reste sceptique.", "I remain sceptical.", "Sigo sin estar convencido."},
	{"Il faudrait aussi parler du coût pour les contribuables.", "The cost to taxpayers should also be discussed.", "También habría que hablar del coste para los contribuyentes."},
	{"Merci, je partage autour de moi.", "Thank you, I am sharing this with my friends.", "Gracias, lo comparto con mis conocidos."},
}

var replyOpeners = []tr{
	{"Je vous rejoins entièrement.", "I agree with you entirely.", "Estoy totalmente de acuerdo con usted."},
	{"Pas tout à fait.", "Not quite.", "No exactamente."},
	{"Bonne remarque.", "Good point.", "Buena observación."},
	{"Avez-vous une source ?", "Do you have a source?", "¿Tiene alguna fuente?"},
	{"C'est exactement ce que je pensais.", "That is exactly what I thought.", "Es exactamente lo que pensaba."},
	{"Je ne vois pas les choses ainsi.", "I do not see it that way.", "Yo no lo veo así."},
	{"Vous oubliez un détail.", "You are forgetting one detail.", "Se olvida de un detalle."},
	{"Merci pour la précision.", "Thanks for clarifying.", "Gracias por la precisión."},
	{"Tout à fait d'accord.", "Totally agree.", "Totalmente de acuerdo."},
	{"Je crains que vous ne soyez trop optimiste.", "I am afraid you are being too optimistic.", "Me temo que es usted demasiado optimista."},
	{"Justement, c'est tout le problème.", "Precisely, that is the whole problem.", "Precisamente, ese es el problema."},
}

var staffReplies = []tr{
	{"Merci pour votre message, nous avons corrigé l'article.", "Thank you for your message; we have corrected the article.", "Gracias por su mensaje, hemos corregido el artículo."},
	{"Bonne question : nous allons nous renseigner et compléter l'article.", "Good question: we will look into it and update the article.", "Buena pregunta: vamos a informarnos y completar el artículo."},
	{"Nous suivons le dossier et publierons la suite dès que possible.", "We are following the story and will publish an update as soon as possible.", "Seguimos el asunto y publicaremos la continuación lo antes posible."},
	{"Le document dont nous parlons est en lien dans le troisième paragraphe.", "The document we mention is linked in the third paragraph.", "El documento del que hablamos está enlazado en el tercer párrafo."},
	{"Merci de rester courtois dans les échanges.", "Please keep the discussion courteous.", "Les rogamos que mantengan la cortesía en el debate."},
}

// commentQuestions take an object (%s), which carries its own article: the
// French avoids "de" before it, which would need contracting.
var commentQuestions = []tr{
	{"Et pour %s, où en est-on ?", "What about %s?", "¿Qué pasa con %s?"},
	{"Qui décidera vraiment pour %s ?", "Who will really decide on %s?", "¿Quién decidirá de verdad sobre %s?"},
	{"A-t-on un calendrier pour %s ?", "Is there a timetable for %s?", "¿Hay un calendario para %s?"},
}

var commentClosings = []tr{
	{"Bonne journée à tous.", "Have a good day, everyone.", "Buen día a todos."},
	{"Affaire à suivre.", "One to watch.", "Habrá que seguirlo de cerca."},
	{"Cordialement.", "Best regards.", "Un saludo."},
	{"Merci d'avance pour vos réponses.", "Thanks in advance for your answers.", "Gracias de antemano por sus respuestas."},
}

// spam has %s for a link to a domain reserved for examples.
var spam = []tr{
	{"Gagnez de l'argent depuis chez vous, méthode garantie : %s", "Make money from home, guaranteed method: %s", "Gana dinero desde casa, método garantizado: %s"},
	{"Super article !!! Visitez mon site %s", "Great article!!! Visit my site %s", "¡¡¡Gran artículo!!! Visita mi web %s"},
	{"Montres de luxe à prix cassés sur %s", "Luxury watches at rock-bottom prices on %s", "Relojes de lujo a precios de saldo en %s"},
	{"Crédit rapide sans justificatif : %s", "Fast loans, no paperwork: %s", "Préstamo rápido sin papeleo: %s"},
}

var spamDomains = []string{"bonnes-affaires.example", "cheap-watches.example", "dinero-facil.example", "best-deals.example"}

var mailDomains = []string{"example.net", "example.com", "example.org", "mail.example", "courriel.example", "correo.example"}
