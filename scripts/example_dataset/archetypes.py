"""Kinds of intervention (archetypes) and the few intersectional rows, as data.

Each archetype's ``count`` is how many records it contributes; they sum to ``TOTAL_ROWS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Archetype:
    """A kind of intervention: its codes, who it usually serves and how it is named.

    ``extra_types``/``extra_determinants`` are (code, probability) pairs added after the primary
    codes. ``populations`` are weights for the primary population group; ``secondary`` are
    circumstance groups (never identity groups) added with a probability. ``affinity`` names a
    census share that makes the archetype more common where that share is higher.
    """

    key: str
    count: int
    types: tuple[str, ...]
    determinants: tuple[str, ...]
    names: tuple[str, ...]
    blurb: str
    populations: dict[str, float]
    extra_types: tuple[tuple[str, float], ...] = ()
    extra_determinants: tuple[tuple[str, float], ...] = ()
    secondary: tuple[tuple[str, float], ...] = ()
    formats: dict[str, float] = field(default_factory=lambda: {"group": 1.0})
    delivery: dict[str, float] = field(default_factory=lambda: {"face_to_face": 1.0})
    cost: dict[str, float] = field(
        default_factory=lambda: {"free": 0.6, "low_cost": 0.25, "charged": 0.03, "unknown": 0.12}
    )
    providers: dict[str, float] = field(
        default_factory=lambda: {
            "voluntary": 0.5,
            "community_group": 0.3,
            "faith_org": 0.08,
            "social_enterprise": 0.07,
            "unknown": 0.05,
        }
    )
    affinity: str | None = None


# Counts sum to TOTAL_ROWS. Rare determinants (housing, food insecurity, caring, bereavement,
# LGBTQ+ discrimination) appear only in their own archetypes, so their totals are exact.
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "lunch_club", 28, ("social_activities",), ("social_isolation",),
        ("{day} lunch club", "Community lunch club", "{day} luncheon club", "Friendship lunch"),
        "A weekly shared meal and conversation for people who would otherwise eat alone.",
        {"older_adults": 8, "all_adults": 2, "minority_ethnic": 1.5},
        cost={"low_cost": 0.6, "free": 0.25, "unknown": 0.15},
        affinity="older",
    ),
    Archetype(
        "social_group", 36, ("social_activities",), ("social_isolation",),
        ("{day} coffee morning", "Chat and craft group", "Community cafe", "{day} social club",
         "Games afternoon", "Knit and natter", "Friendship group", "Drop-in social"),
        "A regular informal group where people meet, talk and take part in activities together.",
        {"all_adults": 6, "older_adults": 4, "minority_ethnic": 2.5, "women": 1.2, "men": 0.4,
         "existing_mh": 0.8, "disabled": 0.6},
        extra_types=(("arts_creative", 0.12),),
        extra_determinants=(("mh_stigma", 0.08), ("physical_health", 0.06)),
        secondary=(("existing_mh", 0.08),),
    ),
    Archetype(
        "befriending", 31, ("befriending",), ("social_isolation",),
        ("Home visiting befriending", "Good neighbours befriending", "Befriending scheme",
         "Volunteer befriending"),
        "Trained volunteers visit people at home every week to offer company and a listening ear.",
        {"older_adults": 9, "all_adults": 2, "disabled": 1, "minority_ethnic": 1.2},
        extra_determinants=(("physical_health", 0.1),),
        formats={"individual": 1.0},
        delivery={"face_to_face": 0.7, "face_to_face|telephone": 0.3},
        cost={"free": 0.9, "unknown": 0.1},
        affinity="older",
    ),
    Archetype(
        "telephone_befriending", 14, ("befriending", "helpline_listening"), ("social_isolation",),
        ("Telephone befriending", "Phone friends", "Weekly call befriending"),
        "A volunteer telephones the same person each week for a friendly chat.",
        {"older_adults": 8, "all_adults": 2, "disabled": 1},
        formats={"individual": 1.0},
        delivery={"telephone": 1.0},
        cost={"free": 0.95, "unknown": 0.05},
        affinity="older",
    ),
    Archetype(
        "social_prescribing", 22, ("community_linking",), ("social_isolation",),
        ("Social prescribing link service", "Community connector service", "Wellbeing navigator",
         "Community link worker service"),
        "Link workers meet people referred by GPs and others and connect them to local groups "
        "and support.",
        {"all_adults": 8, "older_adults": 1.5, "existing_mh": 0.8, "disabled": 0.6,
         "minority_ethnic": 0.8},
        extra_types=(("befriending", 0.1),),
        extra_determinants=(("financial_stress", 0.3), ("physical_health", 0.25)),
        formats={"individual": 1.0},
        delivery={"face_to_face|telephone": 0.7, "face_to_face": 0.3},
        cost={"free": 1.0},
        providers={"voluntary": 0.4, "nhs": 0.25, "partnership": 0.2, "local_authority": 0.15},
    ),
    Archetype(
        "peer_support_mh", 17, ("peer_support",), ("mh_stigma",),
        ("Mental health peer support group", "{day} peer support circle", "Hearing voices group",
         "Wellbeing peer group"),
        "A peer-led group where people with lived experience of mental-health problems support "
        "each other.",
        {"existing_mh": 5, "all_adults": 3, "men": 1, "women": 0.8, "young_adults": 0.5,
         "minority_ethnic": 0.8},
        extra_determinants=(("social_isolation", 0.6),),
        secondary=(("low_income", 0.08),),
        cost={"free": 0.9, "unknown": 0.1},
    ),
    Archetype(
        "walking_group", 12, ("physical_activity", "social_activities"),
        ("social_isolation", "physical_health"),
        ("Wellbeing walks", "{day} walking group", "Health walks", "Chair-based exercise social"),
        "A gentle group walk or exercise session followed by time to chat.",
        {"all_adults": 5, "older_adults": 4, "women": 0.8, "disabled": 0.8, "minority_ethnic": 0.6},
        cost={"free": 0.7, "low_cost": 0.2, "unknown": 0.1},
    ),
    Archetype(
        "arts_group", 12, ("arts_creative", "social_activities"), ("social_isolation",),
        ("Art for wellbeing", "Community choir", "Creative writing circle", "Crafts for wellbeing"),
        "A creative group (art, music or writing) run to improve wellbeing and bring people "
        "together.",
        {"all_adults": 5, "existing_mh": 1, "older_adults": 2, "minority_ethnic": 1.2},
        extra_determinants=(("mh_stigma", 0.2),),
        cost={"free": 0.5, "low_cost": 0.35, "unknown": 0.15},
    ),
    Archetype(
        "green_space", 8, ("green_space_animals",), ("social_isolation", "living_environment"),
        ("Community garden", "Allotment wellbeing group", "Conservation volunteers",
         "Therapeutic gardening"),
        "Gardening and conservation sessions in a shared green space.",
        {"all_adults": 5, "existing_mh": 1, "older_adults": 1, "disabled": 1},
        extra_types=(("social_activities", 0.4),),
    ),
    Archetype(
        "mens_shed", 6, ("social_activities", "peer_support"), ("social_isolation",),
        ("Community shed", "Men's workshop", "Shed and chat"),
        "A workshop space where men make, mend and talk side by side.",
        {"men": 1.0},
        extra_determinants=(("life_transitions", 0.3),),
        cost={"low_cost": 0.5, "free": 0.4, "unknown": 0.1},
        providers={"community_group": 0.6, "voluntary": 0.4},
    ),
    Archetype(
        "cultural_group", 12, ("social_activities",), ("social_isolation", "ethnic_discrimination"),
        ("Community cultural association", "Multicultural friendship group",
         "Heritage community social", "Community language social"),
        "A social group run by and for a minority-ethnic community, in community languages.",
        {"minority_ethnic": 1.0},
        extra_types=(("community_development", 0.25),),
        providers={"community_group": 0.55, "faith_org": 0.2, "voluntary": 0.25},
        affinity="minority",
    ),
    Archetype(
        "faith_group", 5, ("social_activities",), ("social_isolation",),
        ("Faith community drop-in", "Congregation friendship group", "Faith community cafe"),
        "A friendship group hosted by a local faith community and open to neighbours.",
        {"faith": 1.0},
        providers={"faith_org": 1.0},
    ),
    Archetype(
        "veterans", 3, ("social_activities", "peer_support"), ("social_isolation", "mh_stigma"),
        ("Veterans breakfast club", "Veterans peer group"),
        "A regular social and peer-support meeting for former members of the armed forces.",
        {"veterans": 1.0},
    ),
    Archetype(
        "debt_advice", 26, ("community_linking", "advocacy_rights"), ("financial_stress",),
        ("Debt and money advice", "Benefits advice drop-in", "Money guidance service",
         "Community advice surgery"),
        "Free, confidential advice on debt, benefits and money worries.",
        {"all_adults": 5, "low_income": 4, "minority_ethnic": 1.5, "disabled": 0.6},
        extra_determinants=(("unemployment", 0.2),),
        formats={"individual": 1.0},
        delivery={"face_to_face|telephone": 0.6, "face_to_face": 0.3,
                  "face_to_face|telephone|online": 0.1},
        cost={"free": 1.0},
        providers={"voluntary": 0.7, "local_authority": 0.15, "partnership": 0.15},
    ),
    Archetype(
        "welfare_advocacy", 10, ("advocacy_rights",), ("financial_stress",),
        ("Welfare rights advocacy", "Benefit appeals support", "Independent advocacy service"),
        "Advocates help people to claim what they are entitled to and to challenge decisions.",
        {"disabled": 3, "low_income": 3, "existing_mh": 2, "all_adults": 2},
        extra_determinants=(("physical_health", 0.3),),
        formats={"individual": 1.0},
        delivery={"face_to_face|telephone": 0.7, "face_to_face": 0.3},
        cost={"free": 1.0},
        providers={"voluntary": 0.8, "partnership": 0.2},
    ),
    Archetype(
        "money_skills", 7, ("psychoeducation", "employment_learning"),
        ("financial_stress", "education_skills"),
        ("Money skills course", "Budgeting for wellbeing course"),
        "A short course on budgeting and managing money, with time to talk about money worries.",
        {"low_income": 5, "all_adults": 3, "young_adults": 1},
        formats={"group": 1.0},
        cost={"free": 1.0},
    ),
    Archetype(
        "anti_stigma", 12, ("awareness_anti_stigma",), ("mh_stigma",),
        ("Mental health awareness sessions", "Time to talk community events",
         "Mental health first aid for communities", "Anti-stigma champions"),
        "Talks, events and volunteer champions that start conversations about mental health.",
        {"all_adults": 8, "men": 1.5, "young_adults": 1},
        extra_types=(("community_development", 0.2),),
        formats={"population": 0.6, "group": 0.4},
        cost={"free": 1.0},
        providers={"voluntary": 0.5, "nhs": 0.2, "local_authority": 0.15, "partnership": 0.15},
    ),
    Archetype(
        "community_mh_awareness", 8, ("awareness_anti_stigma", "community_development"),
        ("mh_stigma", "ethnic_discrimination"),
        ("Community mental health awareness project", "Community wellbeing champions"),
        "Community members raise awareness of mental health in their own languages and settings.",
        {"minority_ethnic": 1.0},
        formats={"population": 0.5, "group": 0.5},
        cost={"free": 1.0},
        providers={"community_group": 0.4, "voluntary": 0.4, "faith_org": 0.2},
        affinity="minority",
    ),
    Archetype(
        "coping_course", 13, ("psychoeducation",), ("mh_stigma",),
        ("Wellbeing and coping course", "Stress control course", "Recovery college course",
         "Managing anxiety workshop"),
        "A short course teaching practical skills for coping with stress, anxiety and low mood.",
        {"all_adults": 4, "existing_mh": 2.5, "women": 0.6, "young_adults": 0.5,
         "minority_ethnic": 0.8},
        extra_determinants=(("social_isolation", 0.2),),
        formats={"group": 0.8, "both": 0.2},
        delivery={"face_to_face": 0.8, "face_to_face|online": 0.2},
        cost={"free": 0.9, "unknown": 0.1},
        providers={"voluntary": 0.5, "nhs": 0.25, "social_enterprise": 0.25},
    ),
    Archetype(
        "listening_service", 7, ("helpline_listening",), ("mh_stigma", "social_isolation"),
        ("Listening line", "Evening listening service", "Wellbeing drop-in listening"),
        "A telephone and drop-in listening service staffed by trained volunteers.",
        {"all_adults": 6, "existing_mh": 1.5, "men": 0.6},
        formats={"individual": 1.0},
        delivery={"telephone": 0.6, "face_to_face|telephone": 0.4},
        cost={"free": 1.0},
    ),
    Archetype(
        "ltc_support", 10, ("peer_support",), ("physical_health",),
        ("Long-term conditions support group", "Living well with pain group",
         "Stroke survivors club", "Breathe easy group"),
        "A support group for people living with a long-term physical condition.",
        {"disabled": 6, "older_adults": 2, "all_adults": 1},
        extra_types=(("physical_activity", 0.3),),
        extra_determinants=(("social_isolation", 0.4),),
        cost={"free": 0.8, "low_cost": 0.1, "unknown": 0.1},
        affinity="disabled",
    ),
    Archetype(
        "exercise", 8, ("physical_activity",), ("physical_health",),
        ("Gentle exercise class", "Active for life sessions", "Community fitness for wellbeing"),
        "Low-cost exercise sessions aimed at people who are not usually active.",
        {"older_adults": 3, "disabled": 2, "all_adults": 3, "women": 0.8, "minority_ethnic": 0.6},
        extra_determinants=(("social_isolation", 0.3),),
        cost={"low_cost": 0.5, "free": 0.4, "unknown": 0.1},
        providers={"local_authority": 0.3, "voluntary": 0.4, "social_enterprise": 0.3},
    ),
    Archetype(
        "employment_support", 15, ("employment_learning", "community_linking"), ("unemployment",),
        ("Job club", "Employment support service", "Work and wellbeing coaching",
         "Skills and jobs hub"),
        "Help with job search, CVs, confidence and the step back into work.",
        {"low_income": 4, "young_adults": 2, "existing_mh": 1.5, "all_adults": 2,
         "minority_ethnic": 1},
        extra_determinants=(("financial_stress", 0.3), ("education_skills", 0.3)),
        formats={"both": 0.6, "individual": 0.4},
        delivery={"face_to_face": 0.7, "face_to_face|online": 0.3},
        cost={"free": 1.0},
        providers={"voluntary": 0.4, "social_enterprise": 0.3, "local_authority": 0.3},
    ),
    Archetype(
        "volunteering_route", 6, ("employment_learning", "social_activities"),
        ("unemployment",),
        ("Volunteering for wellbeing", "Supported volunteering scheme"),
        "Supported volunteering placements that build confidence, skills and social contact.",
        {"existing_mh": 2, "all_adults": 2, "low_income": 1},
        extra_determinants=(("social_isolation", 0.5),),
        formats={"both": 1.0},
        cost={"free": 1.0},
    ),
    Archetype(
        "adult_learning", 12, ("employment_learning", "psychoeducation"), ("education_skills",),
        ("Conversation English club", "Digital skills drop-in", "Adult learning for wellbeing",
         "Basic skills course"),
        "Informal learning (English conversation, digital or basic skills) in a friendly group.",
        {"refugees_migrants": 3, "minority_ethnic": 2.5, "older_adults": 2, "all_adults": 2},
        extra_determinants=(("social_isolation", 0.3),),
        cost={"free": 0.8, "low_cost": 0.2},
        providers={"voluntary": 0.5, "local_authority": 0.3, "community_group": 0.2},
    ),
    Archetype(
        "family_support", 9, ("peer_support", "advocacy_rights"), ("family_relationships",),
        ("Domestic abuse support group", "Freedom programme", "Family relationships support"),
        "Support for people affected by domestic abuse or family breakdown.",
        {"women": 6, "parents": 2, "all_adults": 1, "minority_ethnic": 0.8},
        extra_determinants=(("mh_stigma", 0.1),),
        formats={"both": 0.6, "group": 0.4},
        cost={"free": 1.0},
        providers={"voluntary": 0.8, "partnership": 0.2},
    ),
    Archetype(
        "parents_group", 5, ("social_activities", "peer_support"),
        ("family_relationships", "social_isolation"),
        ("Parents' coffee and chat", "New parents group", "Dads' group"),
        "A friendly group where parents meet other parents and share support.",
        {"parents": 1.0},
        extra_determinants=(("life_transitions", 0.3),),
    ),
    Archetype(
        "recovery_group", 9, ("peer_support",), ("substance_use", "mh_stigma"),
        ("Recovery cafe", "Recovery peer group", "Recovery community social"),
        "Peer-led support for people in recovery from alcohol or drug use.",
        {"existing_mh": 2, "all_adults": 3, "low_income": 1, "men": 1},
        extra_determinants=(("social_isolation", 0.3),),
        cost={"free": 1.0},
    ),
    Archetype(
        "refugee_support", 8, ("community_linking", "advocacy_rights"),
        ("ethnic_discrimination", "social_isolation"),
        ("Refugee and migrant drop-in", "Welcome cafe for new arrivals", "Sanctuary support hub"),
        "A welcoming drop-in with advice, English practice and friendship for people new to the "
        "area.",
        {"refugees_migrants": 1.0},
        extra_determinants=(("financial_stress", 0.3),),
        formats={"both": 1.0},
        cost={"free": 1.0},
        affinity="minority",
    ),
    Archetype(
        "life_transitions", 4, ("psychoeducation", "social_activities"),
        ("life_transitions", "social_isolation"),
        ("Retirement ready group", "Life after work club"),
        "Sessions and social meetings for people adjusting to retirement or other life changes.",
        {"older_adults": 1.0},
        affinity="older",
    ),
    Archetype(
        "community_development", 6, ("community_development",),
        ("living_environment",),
        ("Neighbourhood action group", "Community empowerment project", "Street champions"),
        "Residents work together on improvements to their neighbourhood and its shared spaces.",
        {"all_adults": 1.0},
        extra_types=(("green_space_animals", 0.3),),
        extra_determinants=(("community_safety", 0.3), ("social_isolation", 0.3)),
        formats={"population": 0.5, "group": 0.5},
        providers={"community_group": 0.6, "voluntary": 0.3, "local_authority": 0.1},
    ),
    Archetype(
        "community_safety", 4, ("community_development", "social_activities"),
        ("community_safety", "social_isolation"),
        ("Safer neighbourhoods social", "Community safety and wellbeing forum"),
        "A neighbourhood group tackling fear of crime and bringing neighbours together.",
        {"all_adults": 1.0},
        formats={"population": 0.5, "group": 0.5},
        providers={"community_group": 0.5, "partnership": 0.3, "local_authority": 0.2},
    ),
    # Rare determinants: these archetypes are the only source of their determinant.
    Archetype(
        "food", 4, ("food_security", "community_linking"), ("food_insecurity", "financial_stress"),
        ("Community pantry", "Food bank with advice", "Pay-as-you-feel cafe"),
        "Emergency food and a low-cost pantry, with signposting to advice.",
        {"low_income": 1.0},
        formats={"individual": 1.0},
        cost={"free": 0.6, "low_cost": 0.4},
        providers={"voluntary": 0.5, "faith_org": 0.5},
    ),
    Archetype(
        "carers", 5, ("peer_support", "community_linking"), ("caring", "social_isolation"),
        ("Carers' cafe", "Carers support group", "Carers' time out"),
        "A regular break, peer support and information for unpaid carers.",
        {"carers": 1.0},
        cost={"free": 1.0},
        affinity="carers",
    ),
    Archetype(
        "bereavement", 4, ("peer_support", "helpline_listening"),
        ("bereavement", "social_isolation"),
        ("Bereavement support group", "Bereavement cafe"),
        "Peer support and a listening ear for people who have been bereaved.",
        {"all_adults": 2, "older_adults": 1},
        formats={"both": 1.0},
        cost={"free": 1.0},
    ),
    Archetype(
        "lgbtq", 4, ("social_activities", "peer_support"),
        ("lgbtq_discrimination", "social_isolation"),
        ("LGBTQ+ social group", "LGBTQ+ peer support"),
        "A safe, welcoming social and peer-support group for LGBTQ+ adults.",
        {"lgbtq": 1.0},
        cost={"free": 1.0},
        affinity="lgb",
    ),
    Archetype(
        "housing", 2, ("housing_support", "community_linking"), ("housing", "financial_stress"),
        ("Tenancy sustainment and wellbeing service",),
        "Support to keep a home, deal with housing problems and link to other help.",
        {"homeless": 1.0},
        formats={"individual": 1.0},
        cost={"free": 1.0},
        providers={"housing_provider": 0.6, "voluntary": 0.4},
    ),
)

# Intersectional rows (two or more identity groups): few, and the least served combinations
# (minority-ethnic men, minority-ethnic LGBTQ+ people) have a single illustration each.
INTERSECTIONAL: tuple[tuple[str, str, str, str | None], ...] = (
    # (archetype, populations, name, affinity)
    ("social_group", "older_adults|women", "Older women's friendship group", "older"),
    ("social_group", "older_adults|women", "Ladies' afternoon tea club", "older"),
    ("mens_shed", "men|older_adults", "Older men's shed", "older"),
    ("mens_shed", "men|older_adults", "Men in retirement shed", "older"),
    ("cultural_group", "minority_ethnic|women", "Women's community cultural group", "minority"),
    ("cultural_group", "minority_ethnic|women", "Women's sewing and social circle", "minority"),
    ("social_group", "minority_ethnic|women", "Women's wellbeing cafe", "minority"),
    ("cultural_group", "minority_ethnic|older_adults", "Elders' day centre social", "minority"),
    ("lunch_club", "minority_ethnic|older_adults", "Elders' lunch club", "minority"),
    ("adult_learning", "refugees_migrants|women", "Women's conversation English club", "minority"),
    ("befriending", "older_adults|disabled", "Befriending for older people with sight loss",
     "disabled"),
    ("peer_support_mh", "young_adults|men", "Young men's talking group", None),
    ("cultural_group", "minority_ethnic|men", "Men's community wellbeing circle", "minority"),
    ("lgbtq", "lgbtq|minority_ethnic", "LGBTQ+ people of colour social", "lgb_minority"),
    ("lgbtq", "lgbtq|young_adults", "Young LGBTQ+ adults social", "lgb"),
)
