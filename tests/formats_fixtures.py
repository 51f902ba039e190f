"""Rows written for the tests with ACLED's and CCC's exact headers (never copied data)."""

from __future__ import annotations

ACLED_2023_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
ACLED_2023_ROWS = (
    # ISO date, two sides with associated actors, a crowd size, exact place.
    "XYZ101,2024-08-05,2024,1,Demonstrations,Protests,Peaceful protest,Protesters (Testland),"
    '"Students (Testland); Teachers (Testland)",Protesters,,,,Protesters only,,999,'
    "Test region,Testland,North Province,River District,Mill Subdistrict,Millbrook,"
    "23.5000,90.2500,1,Daily Test; Weekly Example,National,"
    '"On 5 August 2024, students held a rally in Millbrook.",0,crowd size=around 200,1722902400',
    # 5-Aug-24 date, riot with fatalities, geo_precision 2 (an area).
    "XYZ102,5-Aug-24,2024,2,Political violence,Riots,Violent demonstration,Rioters (Testland),,"
    "Rioters,Police Forces of Testland (2020-),,State forces,Rioters-State forces,,999,"
    "Test region,Testland,North Province,River District,,Riverside,23.6000,90.3000,2,"
    "Daily Test,Subnational,Clashes with police.,3,,1722988800",
    # 05 August 2024, geo_precision 3 (only the region), civilian targeting.
    "XYZ103,05 August 2024,2024,3,Political violence,Violence against civilians,Attack,"
    "Unidentified Armed Group (Testland),,Political militia,Civilians (Testland),,Civilians,"
    "Political militia-Civilians,Civilian targeting,999,Test region,Testland,South Province,,,"
    "South Province,22.0000,89.0000,3,Example Radio,Local partner-National,Line one\rline two,"
    "1,,1723075200",
    # An unreadable date: left out, with its line.
    "XYZ104,someday,2024,1,Demonstrations,Protests,Peaceful protest,Protesters (Testland),,"
    "Protesters,,,,Protesters only,,999,Test region,Testland,North Province,,,Millbrook,"
    "23.5000,90.2500,1,Daily Test,National,No date.,0,,1723075200",
)

ACLED_OLD_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,timestamp,iso3"
)
ACLED_OLD_ROWS = (
    "1001,999,OLD1,1,9-May-20,2020,1,Protests,Peaceful protest,Protesters (Testland),"
    "Farmers (Testland),6,,,0,60,Test region,Testland,West Province,Lake District,,Lakeside,"
    "21.1000,88.1000,1,Old Gazette,Local,Farmers protested.,0,1589068800,TST",
    "1002,999,OLD2,2,19-May-20,2020,1,Riots,Mob violence,Rioters (Testland),,5,"
    "Civilians (Testland),,7,57,Test region,Testland,West Province,Lake District,,Lakeside,"
    "21.1000,88.1000,1,Old Gazette; Other Daily,Local,A mob attacked a shop.,2,1589932800,TST",
)

CCC_3_HEADER = (
    "date,locality,state,resolved_locality,resolved_state,resolved_county,fips_code,lat,lon,"
    "location,title,event_type,organizations,participants,notables,targets,claims_summary,"
    "claims_verbatim,issue_tags_summary,issue_tags_verbatim,issues,valence,conf,macroevent,"
    "online,size_text,size_low,size_high,size_mean,size_cat,participant_measures,"
    "police_measures,participant_injuries,police_injuries,arrests,property_damage,arrests_any,"
    "participant_casualties_any,police_casualties_any,property_damage_any,participant_deaths,"
    "police_deaths,notes,coder," + ",".join(f"source{i}" for i in range(1, 31))
)


def ccc_row(**cells: str) -> str:
    """A CCC phase 3 row with the given cells (quoted), the others empty."""
    names = CCC_3_HEADER.split(",")
    unknown = set(cells) - set(names)
    assert not unknown, unknown
    return ",".join('"' + cells.get(n, "").replace('"', '""') + '"' for n in names)


CCC_3_ROWS = (
    ccc_row(
        date="2024-03-02",
        locality="Springfield",
        state="IL",
        lat="39.80",
        lon="-89.64",
        location="City Hall",
        title="Rally for libraries",
        event_type="rally; march",
        organizations="Friends of the Library; Readers United",
        participants="students; teachers",
        targets="city council",
        claims_summary="keep branch libraries open",
        size_text="dozens",
        size_low="40",
        size_high="60",
        arrests="2",
        participant_injuries="1",
        police_injuries="0",
        notes="Peaceful.",
        source1="https://news.example.org/springfield-rally",
        source2="javascript:alert(1)",
        source3="http://radio.example.net/story?id=7",
    ),
    ccc_row(
        date="2024-03-09",
        locality="Shelbyville",
        state="IL",
        lat="39.41",
        lon="-88.79",
        title="Vigil\rfor flood victims",
        event_type="vigil",
        participants="residents",
        size_text="about a hundred",
        arrests="several",
        source1="https://paper.example.com/vigil",
    ),
    ccc_row(date="2024-03-10", locality="Ogdenville", state="IL", event_type="", size_low="5"),
)

# CCC's compiled files of the earlier phases, with the columns its data dictionary
# (ccc_data_dictionary.md) lists for each, in the dictionary's order.
CCC_1_HEADER = (
    "date,locality,state,location,location_detail,county,online,type,macroevent,actors,claims,"
    "valence,issues,size_low,size_high,size_mean,size_text,size_cat,arrests,injuries_crowd,"
    "injuries_police,damage,teargas,source_1,source_2,source_3,misc,final,lat,lon,"
    "resolved_locality,resolved_county,resolved_state"
)
CCC_2_HEADER = (
    "date,locality,state,location_detail,online,type,title,macroevent,actors,organizations,"
    "participants,claims,valence,issues,issues_major,size_low,size_high,size_mean,size_text,"
    "size_cat,arrests,arrests_any,injuries_crowd,injuries_crowd_any,injuries_police,"
    "injuries_police_any,property_damage,property_damage_any,chemical_agents,"
    "participant_measures,police_measures,participant_deaths,police_deaths,source_1,source_2,"
    "source_3,source_4,notes,lat,lon,resolved_locality,resolved_county,resolved_state,fips_code"
)


def row(header: str, **cells: str) -> str:
    """A row of ``header`` with the given cells (quoted), the others empty."""
    names = header.split(",")
    unknown = set(cells) - set(names)
    assert not unknown, unknown
    return ",".join('"' + cells.get(n, "").replace('"', '""') + '"' for n in names)


CCC_1_ROWS = (
    row(
        CCC_1_HEADER,
        date="2019-03-15",
        locality="Portland",
        state="OR",
        location="Portland, OR",
        location_detail="Pioneer Courthouse Square",
        county="Multnomah County",
        type="march; rally",
        actors="Youth Climate Strike; students",
        claims="for climate action",
        size_low="1000",
        size_high="1500",
        arrests="0",
        injuries_crowd="2",
        injuries_police="1",
        damage="1",
        source_1="https://news.example.org/portland-march",
        source_2="organizer's social media post",
        misc="Marched\rto City Hall.",
        lat="45.52",
        lon="-122.68",
        resolved_locality="Portland",
        resolved_state="OR",
    ),
    row(
        CCC_1_HEADER,
        date="2019-03-16",
        locality="Salem",
        state="OR",
        location="Salem, OR",
        type="vigil",
        actors="residents",
        size_text="a few dozen",
        damage="0",
        source_1="http://radio.example.net/salem",
        lat="44.94",
        lon="-123.04",
    ),
)

CCC_2_ROWS = (
    row(
        CCC_2_HEADER,
        date="2022-06-24",
        locality="Tempe",
        state="AZ",
        location_detail="Mill Avenue",
        type="demonstration; counter-protest",
        title="Rally for reproductive rights",
        actors="Tempe Rising; students",
        organizations="Tempe Rising",
        participants="students",
        claims="for abortion rights, against the ruling",
        size_text="hundreds",
        size_low="200",
        size_high="200",
        arrests="more than 5",
        injuries_crowd="",
        injuries_police="0",
        property_damage="graffiti; broken windows",
        participant_deaths="0",
        police_deaths="0",
        police_measures="declared unlawful assembly",
        source_1="https://paper.example.com/tempe",
        source_4="https://tv.example.org/tempe-clip",
        notes="Counter-protesters present.",
        lat="33.43",
        lon="-111.94",
        resolved_county="Maricopa County",
        fips_code="4013",
    ),
    row(
        CCC_2_HEADER,
        date="2020-11-07",
        locality="Mesa",
        state="AZ",
        type="demonstration",
        actors="voters",
        property_damage="1",
        source_1="https://paper.example.com/mesa",
        lat="33.42",
        lon="-111.83",
    ),
)
