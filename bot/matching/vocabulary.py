"""The skills vocabulary: the words councils and job adverts use for DDaT skills, the kinds of
help people offer mapped onto DDaT skills, what skill levels weigh, and stop words. Pure data
and text handling."""

from __future__ import annotations

import re
from functools import lru_cache


# Words people in councils use that the DDaT texts never do ("interviews" appears nowhere in the
# framework): each DDaT skill listed here also answers to these words.
COUNCIL_WORDS: dict[str, str] = {
    "User research methods": "user interviews interviewing surveys usability testing focus groups diary studies "
                             "contextual research residents participants personas journey mapping research",
    "Inclusive research": "accessibility research assisted digital seldom heard digitally excluded vulnerable",
    "Prototyping": "prototype prototypes mock-up mockups wireframes wireframing clickable figma paper prototype "
                   "proof of concept",
    "Iterative design": "design iterate iteration alpha beta test and learn interaction design",
    "Accessibility": "wcag screen reader accessible disabled disability accessibility audit",
    "Data analysis and synthesis": "spreadsheet spreadsheets excel analyse analysing analyst insight statistics",
    "Data visualisation": "dashboard dashboards charts power bi tableau maps infographic",
    "Data engineering": "pipeline pipelines etl database databases warehouse",
    "Data ethics and privacy": "gdpr dpia privacy personal data consent",
    "Data governance": "information governance data sharing agreement data protection records retention",
    "Information security": "cyber security phishing penetration testing iso 27001",
    "Programming and build (software engineering)": "developer development code coding python javascript api "
                                                    "apis software build app website automation",
    "Systems integration": "api apis integration integrate legacy systems crm",
    "Commercial management": "procurement tender tendering contract contracts supplier suppliers g-cloud",
    "Product management": "product manager roadmap backlog prioritise prioritisation outcomes",
    "Agile working": "agile scrum kanban sprint sprints standup retrospective",
    "Stakeholder relationship management": "stakeholders partners engagement relationships networking "
                                           "introductions connector connect",
    "Change management": "transformation culture change adoption training",
    "Business process improvement": "process processes workflow lean efficiency backlog waiting times automation",
    "User-centred content design": "content writing copy plain english letters forms web pages style guide",
    "Strategic design and business change": "service design end-to-end journey blueprint redesign",
    "Customer service management": "contact centre call centre customer service complaints",
    "Performance measurement": "kpi kpis metrics performance indicators measure measurement",
}

# Words of job adverts, briefs and bios for DDaT skills: technologies, methods and job titles
# ("Laravel", "scrum master", "pen test") that the framework's texts rarely use. Written by hand
# from general knowledge of the field (not from any evaluation set). SKILL_SYNONYMS: both.
JOB_MARKET_WORDS: dict[str, str] = {
    # software development
    "Programming and build (software engineering)": "developer developers development programmer programming code coding "
        "software engineer software engineering back end backend back-end full stack fullstack java j2ee spring "
        "scala kotlin python django flask ruby rails php laravel symfony drupal wordpress perl golang rust c++ "
        "c# csharp dotnet .net asp mvc nodejs node.js javascript typescript api apis rest microservices "
        "web application app apps mobile ios android swift salesforce apex dynamics crm sharepoint power apps "
        "low code oracle sql plsql bpm pega appian mulesoft",
    "Programming and build (frontend developer)": "front end frontend front-end javascript typescript react angular "
        "vue html css sass ui web developer browser single page app govuk frontend design system components",
    "Programming and build (data engineering)": "python sql spark scala hadoop etl pipelines databricks airflow",
    "Programming and build (data science)": "python r machine learning notebooks scikit tensorflow pytorch",
    "Coding and scripting": "scripting scripts bash shell powershell python automation ansible puppet chef",
    "Modern development standards": "tdd test driven unit tests code review clean code git github gitlab ci cd "
        "continuous integration continuous delivery pair programming open source",
    "Development process optimisation": "ci cd pipeline jenkins build release automation devops",
    "Systems integration": "integration integrate interfaces middleware api apis esb messaging legacy systems crm erp "
        "connectors interoperability",
    "Systems design": "system design software design solution design design patterns scalability",
    "Web performance optimisation": "page speed web performance caching cdn load time",
    "Service support": "support maintenance bug fixing second line third line on call devops site reliability sre",
    "Availability and capacity management": "uptime availability capacity scaling load monitoring resilience sre",
    "Prototyping": "prototype prototypes mock-up mockups wireframes wireframing clickable figma sketch axure "
        "paper prototype proof of concept poc",
    # infrastructure and operations
    "IT infrastructure": "infrastructure servers hosting cloud aws azure gcp google cloud vmware virtualisation "
        "linux windows server unix storage network networks networking data centre active directory "
        "office 365 exchange citrix",
    "Technical specialism": "subject matter expert sme technical specialist",
    "Troubleshooting and problem resolution": "troubleshooting fault finding diagnose debugging root cause fix",
    "Service management framework knowledge": "itil service management itsm servicenow service desk sla slas",
    "Incident management": "incidents incident response major incident outage on call",
    "Change management": "change control change advisory board cab release transformation culture change "
        "adoption training",
    "Asset and configuration management": "cmdb asset register licences licensing configuration inventory",
    "Continuity management": "business continuity disaster recovery backup dr resilience",
    "Customer service management": "contact centre call centre customer service complaints customer contact",
    "IT service reporting": "service reporting sla reporting dashboards kpis",
    "Service focus": "live service operations run service web operations webops",
    # security
    "Information security": "security cyber cyber security infosec secure accreditation iso 27001 pci nist "
        "penetration testing pen test vulnerability firewall identity access management iam idam encryption "
        "pki certificates clearance",
    "Security technology": "security tools siem firewall ids ips vulnerability scanning endpoint protection "
        "identity and access management",
    "Designing secure systems": "secure by design threat modelling security architecture zero trust",
    "Enabling and informing risk-based decisions": "risk assessment security risk risk appetite assurance accreditation",
    "Cyber risk management": "cyber risk security risk register threat",
    "Cyber incident management": "cyber incident breach forensics soc security operations",
    "Cyber security governance": "security governance policy compliance iso 27001 cyber essentials",
    # architecture
    "Making architectural decisions": "architecture architect architectural design authority technical design",
    "Technical design throughout the life cycle": "technical design solution design high level design low level design "
        "hld lld architecture",
    "Enterprise architecture": "enterprise architecture togaf target operating model capability model roadmap",
    "Business architecture": "business architecture capability map value streams operating model",
    "Architect for the whole context": "architecture end to end landscape",
    "Strategy design": "technology strategy roadmap",
    "Technology architecture": "technology architecture platforms shared infrastructure cloud",
    "Data architecture": "data architecture data platform data model master data",
    # data
    "Data engineering": "data engineer pipeline pipelines etl elt database databases warehouse data warehouse "
        "data lake big data hadoop spark kafka streaming migration data migration",
    "Data integration design": "data integration etl feeds data flows interfaces migration",
    "Data modelling": "data model data models schema entity relationship erd logical model information model",
    "Data analysis and synthesis": "data analyst data analysis spreadsheet spreadsheets excel analyse analysing "
        "insight statistics sql",
    "Data visualisation": "dashboard dashboards charts power bi tableau qlik maps infographic reporting",
    "Applying statistical and analytical tools and techniques": "statistics statistical r python sas spss modelling "
        "forecasting",
    "Applied maths, statistics and scientific practices": "machine learning ai artificial intelligence statistics "
        "data science modelling algorithms",
    "Data science innovation": "data science machine learning ai nlp predictive analytics",
    "Data ethics and privacy": "gdpr dpia privacy personal data consent ethics",
    "Data governance": "information governance data sharing agreement data protection records retention data quality "
        "information management information asset",
    "Data management": "data management master data records management information management data quality",
    "Metadata management": "metadata catalogue data dictionary",
    "Quality assurance of data and analysis": "data quality validation cleansing",
    "Performance measurement": "kpi kpis metrics performance indicators measure measurement analytics google analytics "
        "web analytics",
    "Analysis and insight": "analytics insight reporting management information mi web analytics",
    # business analysis
    "Requirements definition and management": "requirements requirements gathering user stories acceptance criteria "
        "backlog specification functional non-functional business analyst business analysis ba",
    "Business process improvement": "business process process mapping process processes workflow lean six sigma "
        "efficiency re-engineering redesign waiting times automation as is to be",
    "Business modelling": "business model business case cost model financial model options appraisal",
    "Context, problem and option analysis": "options analysis feasibility discovery problem statement gap analysis "
        "impact assessment",
    "Systems analysis": "systems analysis systems analyst functional specification",
    "User experience analysis": "user experience ux customer journey",
    "Enterprise and business architecture (business analyst)": "business architecture operating model capability",
    "Consultancy": "consultant consulting advice advisory subject matter expert",
    # delivery and product
    "Agile and Lean practices": "agile scrum scrum master kanban sprint sprints standup stand-ups retrospectives "
        "lean safe coach coaching agile coach",
    "Maintaining delivery momentum": "delivery delivery management deliver project management project manager "
        "milestones raid risks and issues dependencies",
    "Planning": "project plan planning plans roadmap schedule milestones project management pmo prince2 "
        "programme management msp gantt",
    "Making a process work": "governance process pmo project office ways of working",
    "Life cycle management": "discovery alpha beta live phases project lifecycle gateway",
    "Financial management": "budget budgets finance cost control forecasting spend",
    "Commercial management": "procurement tender tendering contract contracts supplier suppliers vendor g-cloud "
        "dos commercial",
    "Team dynamics and collaboration": "team leadership multidisciplinary team team building",
    "Product management": "product manager product owner roadmap backlog prioritise prioritisation outcomes",
    "Managing product outcomes": "product outcomes kpis benefits realisation",
    "Product leadership": "product vision head of product product strategy",
    "Strategic ownership": "service ownership end to end service vision",
    "Operational management": "operations operational service owner business as usual bau",
    "Leading performance and benefits": "benefits benefits realisation performance",
    "Governance and assurance": "governance assurance portfolio boards compliance audit",
    "Adapting to delivery methodologies": "waterfall agile hybrid methodology",
    # user-centred design
    "User research methods": "user research researcher user interviews interviewing surveys usability testing "
        "focus groups diary studies contextual research residents participants personas journey mapping research",
    "Inclusive research": "accessibility research assisted digital seldom heard digitally excluded vulnerable",
    "Analysis and synthesis": "affinity mapping findings insights synthesis",
    "Iterative design": "design iterate iteration alpha beta test and learn interaction design interaction designer "
        "ux ui user interface",
    "Evidence-based design": "user centred design ucd evidence",
    "Designing for everyone": "inclusive design accessible design",
    "Design communication": "visual design graphic design graphics illustration branding brand",
    "Designing strategically": "service design service designer design strategy",
    "Designing together": "co-design workshops design sprint",
    "Leading design": "head of design design lead",
    "Strategic design and business change": "service design end-to-end journey blueprint redesign transformation",
    "Accessibility": "wcag screen reader accessible disabled disability accessibility audit",
    "User-centred content design": "content content design content designer writing copy copywriting plain english "
        "letters forms web pages website style guide editor editorial publishing cms",
    "Content concepts and prototyping": "content prototypes content models",
    "User focus": "user needs users customer needs",
    # testing
    "Test engineering": "test automation automated testing selenium cucumber tester test engineer",
    "Designing and executing tests": "testing tester manual testing test cases test scripts regression "
        "performance testing load testing",
    "Test analysis": "test analyst test analysis qa quality assurance",
    "Test and quality planning": "test strategy test plan test manager quality assurance qa",
    "Managing, reporting and resolving defects": "defects bugs jira defect management",
    # leadership
    "Stakeholder relationship management": "stakeholders partners engagement relationships networking "
        "introductions connector connect",
    "Leadership and guidance": "lead leadership mentor mentoring line management coaching",
    "Communicating between the technical and non-technical": "communication translate technical jargon",
}

def merge_words(*sources: dict[str, str]) -> dict[str, str]:
    """Each skill's words from every source, each word once."""
    merged: dict[str, list[str]] = {}
    for source in sources:
        for name, words in source.items():
            known = merged.setdefault(name, [])
            known.extend(w for w in words.split() if w not in known)
    return {name: " ".join(words) for name, words in merged.items()}


SKILL_SYNONYMS: dict[str, str] = merge_words(COUNCIL_WORDS, JOB_MARKET_WORDS)

HELP_KIND_SKILLS: dict[str, tuple[str, ...]] = {
    "connector": ("Stakeholder relationship management", "Community collaboration", "Consultancy"),
    "information_governance": ("Data governance", "Data ethics and privacy", "Information security",
                               "Data risk management"),
    "prototyping": ("Prototyping", "Content concepts and prototyping", "Iterative design"),
    "user_research": ("User research methods", "Inclusive research", "Analysis and synthesis"),
    "service_design": ("Strategic design and business change", "Iterative design", "Evidence-based design",
                       "Designing together", "User-centred practice and advocacy"),
    "content_design": ("User-centred content design", "User focus (content design)",
                       "Content concepts and prototyping"),
    "data": ("Data analysis and synthesis", "Data visualisation", "Data engineering", "Data management"),
    "software_development": ("Programming and build (software engineering)", "Coding and scripting",
                             "Modern development standards"),
    "delivery": ("Agile working", "Agile and Lean practices", "Maintaining delivery momentum", "Planning"),
    "product": ("Product management", "Managing product outcomes", "Leading digital products and services"),
    "procurement": ("Commercial management", "Commercial perspective", "Creating value for money"),
    "other": (),
}

# English stop words: the list scikit-learn ships (sklearn.feature_extraction.text.ENGLISH_STOP_WORDS,
# BSD-3-Clause, from the Glasgow Information Retrieval Group), copied so that matching doesn't
# import scikit-learn (over a second of start-up) for one list.
ENGLISH_STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand behind being
below beside besides between beyond bill both bottom but by call can cannot cant co con could
couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
fire first five for former formerly forty found four from front full further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least
less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she should
show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
still such system take ten than that the their them themselves then thence there thereafter thereby
therefore therein thereupon these they thick thin third this those though three through throughout
thru thus to together too top toward towards twelve twenty two un under until up upon us very via
was we well were what whatever when whence whenever where whereafter whereas whereby wherein
whereupon wherever whether which while whither who whoever whole whom whose why will with within
without would yet you your yours yourself yourselves
""".split())

LEVEL_WEIGHTS = {"Expert": 1.0, "Practitioner": 0.85, "Working": 0.65, "Awareness": 0.4, None: 0.6}
WORD = re.compile(r"[a-z][a-z0-9]+")
STOP = ENGLISH_STOP_WORDS | {"able", "ability", "understand", "understanding", "use", "using", "work", "working",
                             "know", "knowledge", "including", "ensure", "help", "need", "needs", "make"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Plurals to singular, enough for 'interviews' to meet 'interview'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def analyse(text: str) -> list[str]:
    """Lower-case words without stop words, plurals folded, as text.WordCounts counts them."""
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP]
