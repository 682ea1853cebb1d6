"""Generate the ILLUSTRATIVE (synthetic) community mental-health intervention dataset.

The records are invented. Their patterns follow the published findings of the mapping study
Duncan et al., BMC Public Health 2021;21:1691 (407 community, non-clinical interventions for
adults in five deprived English local authorities, July 2019 to May 2020), which has no public
copy of its records:

* social isolation is by far the most targeted determinant, delivered mainly through social
  activities and befriending, then community linking and peer support;
* financial stress and mental-health stigma come next; housing, food insecurity, caring,
  bereavement and LGBTQ+ discrimination are rare; structural determinants such as the welfare
  system, air quality, urban decay, climate, media and political structures are absent;
* older adults and minority-ethnic people are the most targeted specific groups; intersectional
  groups (two or more identity groups at once) are few, minority-ethnic men and minority-ethnic
  LGBTQ+ people least of all;
* evaluation data (outcomes, evaluation level, reach, cost) are mostly missing.

Everything is derived from ``numpy.random.default_rng(seed)`` and files inside this repository
(code lists, IoD2025 and Census 2021 summaries, LSOA 2021 boundaries), so the same seed gives
byte-identical output. Run from the project root::

    python scripts/generate_example_dataset.py [--seed 20211691]

Writes ``data/examples/illustrative_interventions.csv`` and ``.meta.json`` beside it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CODELISTS_DIR = DATA / "codelists"
IMD_LAD_FILE = DATA / "raw" / "imd" / "iod2025_lad24_summaries.csv"
CENSUS_FILE = DATA / "raw" / "census" / "census2021_lad22_england_summary_derived.csv"
LSOA_DIR = DATA / "raw" / "boundaries" / "lsoa21_by_lad24"
OUT_CSV = DATA / "examples" / "illustrative_interventions.csv"
OUT_META = DATA / "examples" / "illustrative_interventions.meta.json"

DEFAULT_SEED = 20211691
TOTAL_ROWS = 404
MIN_ROWS_PER_LAD = 40
N_LADS_IN_ENGLAND = 296
# Most deprived 30% of the 296 districts by IoD2025 rank of average IMD score.
MOST_DEPRIVED_RANK_LIMIT = int(0.30 * N_LADS_IN_ENGLAND)  # 88
COORDINATE_SHARE = 0.60
STUDY_START = dt.date(2019, 7, 1)
STUDY_END = dt.date(2020, 5, 31)
FIRST_LOCKDOWN = dt.date(2020, 3, 23)

# Exchange-template column order (DOMAIN.md).
COLUMNS: tuple[str, ...] = (
    "intervention_id",
    "name",
    "provider",
    "locality_code",
    "types",
    "determinants",
    "populations",
    "social_model",
    "provider_type",
    "delivery_mode",
    "format",
    "cost_to_participant",
    "status",
    "outcomes_measured",
    "evaluation_level",
    "annual_reach",
    "annual_cost_gbp",
    "latitude",
    "longitude",
    "start_date",
    "end_date",
    "last_verified",
    "identification_route",
    "description",
    "url",
    "recorded_by",
)

# Five districts in the most deprived 30%, chosen for differing demographics (see data/README.md).
LOCALITIES: tuple[tuple[str, str], ...] = (
    ("E06000009", "Blackpool"),  # coastal, older, mostly White, highest disability share
    ("E08000025", "Birmingham"),  # very large, young, very diverse
    ("E06000002", "Middlesbrough"),  # post-industrial north-east (Tees Valley)
    ("E09000030", "Tower Hamlets"),  # inner London: youngest, highly diverse, high LGB+ share
    ("E07000062", "Hastings"),  # coastal south-east: older, higher LGB+ share
)

STRUCTURAL_ABSENT: tuple[str, ...] = (
    "welfare_system",
    "air_quality",
    "urban_decay",
    "climate",
    "media",
    "political_structures",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


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

IDENTITY_GROUPS_FALLBACK = ("older_adults", "young_adults", "men", "women", "minority_ethnic",
                            "refugees_migrants", "lgbtq", "disabled", "faith")


@dataclass
class Locality:
    """One chosen district and the census shares that steer its records."""

    code: str
    name: str
    imd_rank: int
    population: int
    adults: int
    pct_65_plus: float
    pct_minority: float
    pct_lgb: float
    pct_carers: float
    pct_disabled: float
    rows: int = 0
    factors: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


def read_codelists(folder: Path = CODELISTS_DIR) -> tuple[dict[str, pd.DataFrame], str]:
    """Code lists by field (columns code,label,definition,group) and the code-list version."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    lists = {
        name: pd.read_csv(folder / filename, dtype=str, keep_default_na=False)
        for name, filename in manifest["fields"].items()
    }
    return lists, str(manifest["version"])


def read_localities() -> list[Locality]:
    """The five districts with IoD2025 rank of average score and Census 2021 shares.

    Raises:
        ValueError: when a district is missing or is not in the most deprived 30%.
    """
    imd = pd.read_csv(IMD_LAD_FILE, dtype={"lad24_code": str})
    census = pd.read_csv(CENSUS_FILE, dtype={"lad22_code": str})
    if len(imd) != N_LADS_IN_ENGLAND:
        raise ValueError(f"Expected {N_LADS_IN_ENGLAND} districts in {IMD_LAD_FILE.name}.")
    out = []
    for code, short in LOCALITIES:
        imd_row = imd.loc[imd["lad24_code"] == code]
        # The five codes are unchanged between LAD 2022 and LAD 2024.
        census_row = census.loc[census["lad22_code"] == code]
        if imd_row.empty or census_row.empty:
            raise ValueError(f"{code} ({short}) is missing from the IoD2025 or Census file.")
        rank = int(imd_row["imd_rank_of_average_score"].iloc[0])
        if rank > MOST_DEPRIVED_RANK_LIMIT:
            raise ValueError(f"{code} ({short}) ranks {rank}: not in the most deprived 30%.")
        c = census_row.iloc[0]
        out.append(
            Locality(
                code=code,
                name=str(imd_row["lad24_name"].iloc[0]),
                imd_rank=rank,
                population=int(c["total_population"]),
                adults=int(c["pop_16_plus"]),
                pct_65_plus=float(c["pct_65_plus"]),
                pct_minority=round(100.0 - float(c["pct_ethnic_white"]), 3),
                pct_lgb=float(c["pct_lgb_plus"]),
                pct_carers=float(c["pct_unpaid_carers"]),
                pct_disabled=float(c["pct_disabled"]),
            )
        )
    return out


def set_locality_factors(localities: list[Locality]) -> None:
    """Relative weights (mean 1 over the five districts) for targeting each group."""
    shares = {
        "older": [loc.pct_65_plus for loc in localities],
        "minority": [loc.pct_minority for loc in localities],
        "lgb": [loc.pct_lgb for loc in localities],
        "carers": [loc.pct_carers for loc in localities],
        "disabled": [loc.pct_disabled for loc in localities],
    }
    for key, values in shares.items():
        mean = float(np.mean(values))
        for loc, value in zip(localities, values, strict=True):
            loc.factors[key] = value / mean
    for loc in localities:
        loc.factors["lgb_minority"] = loc.factors["lgb"] * loc.factors["minority"]


def allocate_rows(localities: list[Locality], total: int = TOTAL_ROWS) -> None:
    """A minimum per district, the rest in proportion to adults (16+), largest remainder."""
    spare = total - MIN_ROWS_PER_LAD * len(localities)
    adults = np.array([loc.adults for loc in localities], dtype=float)
    quotas = spare * adults / adults.sum()
    base = np.floor(quotas).astype(int)
    leftover = spare - int(base.sum())
    order = np.argsort(-(quotas - base), kind="stable")
    base[order[:leftover]] += 1
    for loc, extra in zip(localities, base, strict=True):
        loc.rows = MIN_ROWS_PER_LAD + int(extra)


def load_lsoa_polygons(code: str) -> list:
    """Shapely polygons of the LSOA 2021 areas in one LAD 2024 district, in file order."""
    path = LSOA_DIR / f"{code}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    polygons = [shape(feature["geometry"]) for feature in collection["features"]]
    for polygon in polygons:
        shapely.prepare(polygon)
    return polygons


# ---------------------------------------------------------------------------------------------
# Sampling helpers
# ---------------------------------------------------------------------------------------------


def pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    """One key drawn with probability proportional to its weight."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def point_in(rng: np.random.Generator, polygons: list) -> tuple[float, float]:
    """A point (lat, lon, 5 decimals) uniform inside a random LSOA, still inside once rounded."""
    polygon = polygons[int(rng.integers(len(polygons)))]
    minx, miny, maxx, maxy = polygon.bounds
    while True:
        x = round(float(rng.uniform(minx, maxx)), 5)
        y = round(float(rng.uniform(miny, maxy)), 5)
        if shapely.contains_xy(polygon, x, y):
            return y, x


def iso(day: dt.date) -> str:
    """ISO date text."""
    return day.isoformat()


# ---------------------------------------------------------------------------------------------
# Building the records
# ---------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """One planned record before its details are drawn."""

    archetype: Archetype
    populations: str | None = None
    name: str | None = None
    affinity: str | None = None


def plan_records(rng: np.random.Generator, localities: list[Locality]) -> dict[str, list[Plan]]:
    """Assign every planned record to a district, filling each district's quota exactly.

    Records whose archetype prefers a kind of place (older, diverse, LGB+...) are placed first,
    with probability proportional to free slots times the district factor; the rest fill the
    remaining slots at random.
    """
    by_key = {a.key: a for a in ARCHETYPES}
    plans: list[Plan] = []
    used = Counter()
    for key, pops, name, affinity in INTERSECTIONAL:
        plans.append(Plan(by_key[key], pops, name, affinity))
        used[key] += 1
    for archetype in ARCHETYPES:
        remaining = archetype.count - used[archetype.key]
        if remaining < 0:
            raise ValueError(f"Too many intersectional rows for {archetype.key}.")
        plans.extend(Plan(archetype, affinity=archetype.affinity) for _ in range(remaining))
    if len(plans) != sum(loc.rows for loc in localities):
        raise ValueError(f"Archetype counts sum to {len(plans)}, not {TOTAL_ROWS}.")

    free = np.array([loc.rows for loc in localities], dtype=float)
    assigned: dict[str, list[Plan]] = {loc.code: [] for loc in localities}
    steered = [p for p in plans if p.affinity]
    unsteered = [p for p in plans if not p.affinity]
    for plan in steered:
        factor = np.array([loc.factors[plan.affinity] for loc in localities])
        weights = free * factor
        index = int(rng.choice(len(localities), p=weights / weights.sum()))
        assigned[localities[index].code].append(plan)
        free[index] -= 1
    slots = np.repeat(np.arange(len(localities)), free.astype(int))
    rng.shuffle(slots)
    for plan, index in zip(unsteered, slots, strict=True):
        assigned[localities[int(index)].code].append(plan)
    for loc in localities:
        order = rng.permutation(len(assigned[loc.code]))
        assigned[loc.code] = [assigned[loc.code][i] for i in order]
    return assigned


POPULATION_FACTOR = {
    "older_adults": "older",
    "minority_ethnic": "minority",
    "refugees_migrants": "minority",
    "lgbtq": "lgb",
    "carers": "carers",
    "disabled": "disabled",
}


def draw_populations(rng: np.random.Generator, plan: Plan, loc: Locality) -> str:
    """Primary population weighted by the district's census shares, plus circumstance groups."""
    if plan.populations:
        return plan.populations
    weights = {
        code: weight * loc.factors.get(POPULATION_FACTOR.get(code, ""), 1.0)
        for code, weight in plan.archetype.populations.items()
    }
    primary = pick(rng, weights)
    codes = [primary]
    if primary != "all_adults":
        for code, probability in plan.archetype.secondary:
            if code != primary and rng.random() < probability:
                codes.append(code)
    return "|".join(codes)


def draw_codes(rng: np.random.Generator, first: tuple[str, ...], extra) -> str:
    """Fixed codes then optional extras, without duplicates."""
    codes = list(first)
    for code, probability in extra:
        if rng.random() < probability and code not in codes:
            codes.append(code)
    return "|".join(codes)


RELATIONAL_TYPES = {"social_activities", "befriending", "peer_support", "helpline_listening",
                    "arts_creative", "physical_activity", "green_space_animals"}
DETERMINANT_ACTION_TYPES = {"community_linking", "food_security", "employment_learning",
                            "housing_support", "advocacy_rights", "psychoeducation"}
JUSTICE_TYPES = {"advocacy_rights", "awareness_anti_stigma", "community_development"}
JUSTICE_DETERMINANTS = {"ethnic_discrimination", "lgbtq_discrimination"}


def social_model_for(types: str, determinants: str) -> str:
    """Social-model components implied by the types and determinants, in code-list order."""
    t = set(types.split("|"))
    d = set(determinants.split("|"))
    parts = []
    if t & RELATIONAL_TYPES:
        parts.append("relational_support")
    if t & DETERMINANT_ACTION_TYPES or d & {"financial_stress", "unemployment", "housing",
                                            "food_insecurity", "living_environment"}:
        parts.append("social_determinants")
    if t & JUSTICE_TYPES or d & JUSTICE_DETERMINANTS:
        parts.append("justice_rights")
    return "|".join(parts or ["relational_support"])


def draw_evaluation(rng: np.random.Generator) -> tuple[str, str]:
    """outcomes_measured and evaluation_level: mostly unknown, a few published or independent."""
    outcomes = pick(rng, {"": 0.60, "unknown": 0.22, "no": 0.07, "yes": 0.11})
    if outcomes == "yes":
        level = pick(rng, {"monitoring": 0.3, "internal": 0.35, "independent": 0.2,
                           "published": 0.15})
    elif outcomes == "no":
        level = pick(rng, {"none": 0.6, "monitoring": 0.3, "unknown": 0.1})
    else:
        level = pick(rng, {"unknown": 0.84, "": 0.1, "monitoring": 0.06})
    return outcomes, level


def draw_reach(rng: np.random.Generator, fmt: str, types: str) -> str:
    """People reached a year, rounded as a provider would report it."""
    if "helpline_listening" in types or fmt == "population":
        value = rng.integers(200, 3000)
        step = 50
    elif fmt == "individual":
        value = rng.integers(20, 400)
        step = 5
    else:
        value = rng.integers(12, 160)
        step = 1
    return str(int(round(int(value) / step) * step))


def draw_cost(rng: np.random.Generator, fmt: str) -> str:
    """Annual cost in pounds, rounded to hundreds."""
    low, high = {"group": (800, 30000), "population": (5000, 80000)}.get(fmt, (10000, 220000))
    return str(int(round(float(rng.uniform(low, high)) / 100) * 100))


def unique_name(stem: str, place: str, seen: Counter) -> str:
    """``Illustrative: <stem> (<place>)``, numbered when the same name recurs."""
    base = f"{stem} ({place})"
    seen[base] += 1
    if seen[base] > 1:
        base = f"{stem} {seen[base]} ({place})"
    return f"Illustrative: {base}"


def build_dataset(seed: int = DEFAULT_SEED) -> tuple[pd.DataFrame, dict]:
    """Build the illustrative dataset.

    Args:
        seed: seed for ``numpy.random.default_rng``; the default gives the committed file.

    Returns:
        The records (every column text, blanks as ``""``, columns in exchange-template order)
        and the metadata dictionary written beside them.
    """
    rng = np.random.default_rng(seed)
    _, codelists_version = read_codelists()
    localities = read_localities()
    set_locality_factors(localities)
    allocate_rows(localities)
    assigned = plan_records(rng, localities)

    records: list[dict[str, str]] = []
    names_seen: Counter = Counter()
    provider_number = 0
    study_days = (STUDY_END - STUDY_START).days
    for loc in localities:
        polygons = load_lsoa_polygons(loc.code)
        place = loc.name
        providers_by_type: dict[str, list[str]] = {}
        for number, plan in enumerate(assigned[loc.code], start=1):
            arch = plan.archetype
            types = draw_codes(rng, arch.types, arch.extra_types)
            determinants = draw_codes(rng, arch.determinants, arch.extra_determinants)
            populations = draw_populations(rng, plan, loc)

            provider_type = pick(rng, arch.providers)
            pool = providers_by_type.setdefault(provider_type, [])
            if pool and rng.random() < 0.45:
                provider = pool[int(rng.integers(len(pool)))]
            else:
                provider_number += 1
                provider = f"Illustrative provider {provider_number:03d}"
                pool.append(provider)

            fmt = pick(rng, arch.formats)
            delivery = pick(rng, arch.delivery)
            cost = pick(rng, arch.cost)
            verified = STUDY_START + dt.timedelta(days=int(rng.integers(0, study_days + 1)))
            status = pick(rng, {"active": 0.88, "ended": 0.05, "unknown": 0.07})
            if verified >= FIRST_LOCKDOWN and status == "active" and "face_to_face" in delivery:
                # Spring 2020: many face-to-face groups paused or moved to phone and online.
                change = pick(rng, {"paused": 0.35, "remote": 0.35, "same": 0.3})
                if change == "paused":
                    status = "paused"
                elif change == "remote":
                    delivery = "telephone|online"
            outcomes, evaluation = draw_evaluation(rng)
            reach_p = 0.45 if outcomes == "yes" else 0.06
            cost_p = 0.35 if outcomes == "yes" else 0.05
            reach = draw_reach(rng, fmt, types) if rng.random() < reach_p else ""
            annual_cost = draw_cost(rng, fmt) if rng.random() < cost_p else ""
            if rng.random() < COORDINATE_SHARE:
                lat, lon = point_in(rng, polygons)
                latitude, longitude = f"{lat:.5f}", f"{lon:.5f}"
            else:
                latitude = longitude = ""
            years_back = min(float(rng.exponential(6.0)), 40.0)
            start = verified - dt.timedelta(days=90 + int(years_back * 365.25))
            end = ""
            if status == "ended":
                span = (verified - start).days
                end = iso(start + dt.timedelta(days=int(rng.integers(30, span))))
            route = pick(rng, {"desk_research": 0.5, "professional_network": 0.25,
                               "chain_referral": 0.15, "peer_researcher": 0.10})
            stem = plan.name or arch.names[int(rng.integers(len(arch.names)))]
            stem = stem.format(day=WEEKDAYS[int(rng.integers(len(WEEKDAYS)))])
            records.append(
                {
                    "intervention_id": f"ILL-{loc.code}-{number:04d}",
                    "name": unique_name(stem, place, names_seen),
                    "provider": provider,
                    "locality_code": loc.code,
                    "types": types,
                    "determinants": determinants,
                    "populations": populations,
                    "social_model": social_model_for(types, determinants),
                    "provider_type": provider_type,
                    "delivery_mode": delivery,
                    "format": fmt,
                    "cost_to_participant": cost,
                    "status": status,
                    "outcomes_measured": outcomes,
                    "evaluation_level": evaluation,
                    "annual_reach": reach,
                    "annual_cost_gbp": annual_cost,
                    "latitude": latitude,
                    "longitude": longitude,
                    "start_date": iso(start),
                    "end_date": end,
                    "last_verified": iso(verified),
                    "identification_route": route,
                    "description": f"{arch.blurb} Synthetic record for illustration only; "
                    "not a real service.",
                    "url": "",
                    "recorded_by": "synthetic generator",
                }
            )

    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype(str)
    metadata = {
        "name": "Illustrative community mental-health provision (synthetic)",
        "version": "1.0.0",
        "illustrative": True,
        "notice": "Illustrative data: synthetic records generated to follow the published "
        "patterns of Duncan et al. (2021). They are not real services.",
        "generator": "scripts/generate_example_dataset.py",
        "seed": int(seed),
        "localities": [
            {"LAD24CD": loc.code, "LAD24NM": loc.name, "rows": loc.rows} for loc in localities
        ],
        "based_on": "Duncan et al., BMC Public Health 2021;21:1691",
        "codelists_version": codelists_version,
        "rows": len(frame),
    }
    check_patterns(frame)
    return frame, metadata


# ---------------------------------------------------------------------------------------------
# Checks and output
# ---------------------------------------------------------------------------------------------


def code_counts(frame: pd.DataFrame, column: str) -> Counter:
    """Number of rows that carry each code of a ``|``-separated column."""
    counts: Counter = Counter()
    for cell in frame[column]:
        counts.update({c for c in cell.split("|") if c})
    return counts


def identity_groups() -> set[str]:
    """Population codes whose code-list group is ``identity``."""
    lists, _ = read_codelists()
    pops = lists["populations"]
    return set(pops.loc[pops["group"] == "identity", "code"]) or set(IDENTITY_GROUPS_FALLBACK)


def summarise(frame: pd.DataFrame) -> dict:
    """The pattern figures the dataset is built to show."""
    identity = identity_groups()
    combos: Counter = Counter()
    for cell in frame["populations"]:
        groups = sorted(c for c in cell.split("|") if c in identity)
        if len(groups) >= 2:
            combos["|".join(groups)] += 1
    n = len(frame)
    unknown_outcomes = frame["outcomes_measured"].isin(["", "unknown"]).sum()
    unknown_level = frame["evaluation_level"].isin(["", "unknown"]).sum()
    return {
        "rows": n,
        "rows_by_locality": dict(Counter(frame["locality_code"])),
        "determinants": dict(code_counts(frame, "determinants").most_common()),
        "types": dict(code_counts(frame, "types").most_common()),
        "primary_types_of_social_isolation": dict(
            Counter(
                t.split("|")[0]
                for t, d in zip(frame["types"], frame["determinants"], strict=True)
                if "social_isolation" in d.split("|")
            ).most_common()
        ),
        "populations": dict(code_counts(frame, "populations").most_common()),
        "intersectional_rows": int(sum(combos.values())),
        "intersectional_combinations": dict(combos.most_common()),
        "share_outcomes_unknown_or_blank": round(unknown_outcomes / n, 3),
        "share_evaluation_unknown_or_blank": round(unknown_level / n, 3),
        "share_reach_blank": round(float((frame["annual_reach"] == "").mean()), 3),
        "share_cost_blank": round(float((frame["annual_cost_gbp"] == "").mean()), 3),
        "share_with_coordinates": round(float((frame["latitude"] != "").mean()), 3),
        "evaluation_levels": dict(Counter(frame["evaluation_level"]).most_common()),
    }


def check_patterns(frame: pd.DataFrame) -> None:
    """Fail loudly if a seed produced data that no longer follows the published patterns."""
    s = summarise(frame)
    det = Counter(s["determinants"])
    pops = Counter(s["populations"])
    n = s["rows"]
    problems = []
    top = det.most_common(3)
    if top[0][0] != "social_isolation" or det["social_isolation"] <= 0.4 * n:
        problems.append("social_isolation is not the dominant determinant")
    if {top[1][0], top[2][0]} != {"financial_stress", "mh_stigma"}:
        problems.append("financial_stress and mh_stigma are not next")
    if not 1 <= det["housing"] <= 3:
        problems.append("housing is not almost absent")
    if any(det[c] for c in STRUCTURAL_ABSENT):
        problems.append("an absent structural determinant is used")
    specific = [c for c, _ in pops.most_common() if c != "all_adults"]
    if set(specific[:2]) != {"older_adults", "minority_ethnic"}:
        problems.append("older_adults and minority_ethnic are not the most targeted groups")
    combos = s["intersectional_combinations"]
    for pair in ("men|minority_ethnic", "lgbtq|minority_ethnic"):
        if combos.get(pair, 0) > 2:
            problems.append(f"{pair} is not among the least served")
    if s["share_outcomes_unknown_or_blank"] < 0.75:
        problems.append("too many outcomes known")
    if min(s["share_reach_blank"], s["share_cost_blank"]) < 0.85:
        problems.append("too many reach or cost figures")
    if problems:
        raise ValueError("Generated data breaks the published patterns: " + "; ".join(problems))


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV exactly as committed: header, ``\\n`` line endings, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False, name=None))
    return buffer.getvalue()


def meta_text(metadata: dict) -> str:
    """The metadata JSON exactly as committed."""
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the CSV and metadata JSON, then print the pattern summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    frame, metadata = build_dataset(args.seed)
    OUT_CSV.parent.mkdir(parents=True, exist_ok=True)
    OUT_CSV.write_bytes(csv_text(frame).encode("utf-8"))
    OUT_META.write_bytes(meta_text(metadata).encode("utf-8"))
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print(json.dumps(summarise(frame), indent=2))
        print(f"Wrote {len(frame)} rows to {OUT_CSV.relative_to(ROOT)} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
