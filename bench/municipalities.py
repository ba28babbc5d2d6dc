"""Sweden's 290 municipalities, by county, and the police region (polisregion) each county belongs to."""

from __future__ import annotations

# Police region id → (Swedish name, English name, counties in the region).
REGIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "nord": ("Polisregion Nord", "Police Region North",
             ("Norrbotten", "Västerbotten", "Jämtland", "Västernorrland")),
    "mitt": ("Polisregion Mitt", "Police Region Central", ("Gävleborg", "Uppsala", "Västmanland")),
    "stockholm": ("Polisregion Stockholm", "Police Region Stockholm", ("Stockholm", "Gotland")),
    "ost": ("Polisregion Öst", "Police Region East", ("Östergötland", "Jönköping", "Södermanland")),
    "vast": ("Polisregion Väst", "Police Region West", ("Västra Götaland", "Halland")),
    "syd": ("Polisregion Syd", "Police Region South", ("Skåne", "Blekinge", "Kronoberg", "Kalmar")),
    "bergslagen": ("Polisregion Bergslagen", "Police Region Bergslagen", ("Värmland", "Örebro", "Dalarna")),
}

COUNTIES: dict[str, tuple[str, ...]] = {
    "Stockholm": ("Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka",
                  "Norrtälje", "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm",
                  "Sundbyberg", "Södertälje", "Tyresö", "Täby", "Upplands Väsby", "Upplands-Bro", "Vallentuna",
                  "Vaxholm", "Värmdö", "Österåker"),
    "Gotland": ("Gotland",),
    "Uppsala": ("Enköping", "Heby", "Håbo", "Knivsta", "Tierp", "Uppsala", "Älvkarleby", "Östhammar"),
    "Södermanland": ("Eskilstuna", "Flen", "Gnesta", "Katrineholm", "Nyköping", "Oxelösund", "Strängnäs", "Trosa",
                     "Vingåker"),
    "Östergötland": ("Boxholm", "Finspång", "Kinda", "Linköping", "Mjölby", "Motala", "Norrköping", "Söderköping",
                     "Vadstena", "Valdemarsvik", "Ydre", "Åtvidaberg", "Ödeshög"),
    "Jönköping": ("Aneby", "Eksjö", "Gislaved", "Gnosjö", "Habo", "Jönköping", "Mullsjö", "Nässjö", "Sävsjö",
                  "Tranås", "Vaggeryd", "Vetlanda", "Värnamo"),
    "Kronoberg": ("Alvesta", "Lessebo", "Ljungby", "Markaryd", "Tingsryd", "Uppvidinge", "Växjö", "Älmhult"),
    "Kalmar": ("Borgholm", "Emmaboda", "Hultsfred", "Högsby", "Kalmar", "Mönsterås", "Mörbylånga", "Nybro",
               "Oskarshamn", "Torsås", "Vimmerby", "Västervik"),
    "Blekinge": ("Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg"),
    "Skåne": ("Bjuv", "Bromölla", "Burlöv", "Båstad", "Eslöv", "Helsingborg", "Hässleholm", "Höganäs", "Hörby",
              "Höör", "Klippan", "Kristianstad", "Kävlinge", "Landskrona", "Lomma", "Lund", "Malmö", "Osby",
              "Perstorp", "Simrishamn", "Sjöbo", "Skurup", "Staffanstorp", "Svalöv", "Svedala", "Tomelilla",
              "Trelleborg", "Vellinge", "Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge"),
    "Halland": ("Falkenberg", "Halmstad", "Hylte", "Kungsbacka", "Laholm", "Varberg"),
    "Västra Götaland": ("Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Essunga", "Falköping",
                        "Färgelanda", "Grästorp", "Gullspång", "Göteborg", "Götene", "Herrljunga", "Hjo", "Härryda",
                        "Karlsborg", "Kungälv", "Lerum", "Lidköping", "Lilla Edet", "Lysekil", "Mariestad", "Mark",
                        "Mellerud", "Munkedal", "Mölndal", "Orust", "Partille", "Skara", "Skövde", "Sotenäs",
                        "Stenungsund", "Strömstad", "Svenljunga", "Tanum", "Tibro", "Tidaholm", "Tjörn", "Tranemo",
                        "Trollhättan", "Töreboda", "Uddevalla", "Ulricehamn", "Vara", "Vårgårda", "Vänersborg",
                        "Åmål", "Öckerö"),
    "Värmland": ("Arvika", "Eda", "Filipstad", "Forshaga", "Grums", "Hagfors", "Hammarö", "Karlstad", "Kil",
                 "Kristinehamn", "Munkfors", "Storfors", "Sunne", "Säffle", "Torsby", "Årjäng"),
    "Örebro": ("Askersund", "Degerfors", "Hallsberg", "Hällefors", "Karlskoga", "Kumla", "Laxå", "Lekeberg",
               "Lindesberg", "Ljusnarsberg", "Nora", "Örebro"),
    "Västmanland": ("Arboga", "Fagersta", "Hallstahammar", "Kungsör", "Köping", "Norberg", "Sala",
                    "Skinnskatteberg", "Surahammar", "Västerås"),
    "Dalarna": ("Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand", "Ludvika", "Malung-Sälen", "Mora",
                "Orsa", "Rättvik", "Smedjebacken", "Säter", "Vansbro", "Älvdalen"),
    "Gävleborg": ("Bollnäs", "Gävle", "Hofors", "Hudiksvall", "Ljusdal", "Nordanstig", "Ockelbo", "Ovanåker",
                  "Sandviken", "Söderhamn"),
    "Västernorrland": ("Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå", "Ånge", "Örnsköldsvik"),
    "Jämtland": ("Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund"),
    "Västerbotten": ("Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors", "Skellefteå",
                     "Sorsele", "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs", "Åsele"),
    "Norrbotten": ("Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk", "Kalix", "Kiruna",
                   "Luleå", "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå"),
}


def by_region() -> dict[str, list[str]]:
    """Region id → its municipalities, in the order of REGIONS and COUNTIES."""
    return {region: [m for county in counties for m in COUNTIES[county]]
            for region, (_sv, _en, counties) in REGIONS.items()}


def interleaved() -> list[tuple[str, str]]:
    """(municipality, region id) for all 290, taking one region after another so that the first
    ten already span every region, as a national site's first few would."""
    lists = by_region()
    out: list[tuple[str, str]] = []
    for index in range(max(len(ms) for ms in lists.values())):
        out += [(ms[index], region) for region, ms in lists.items() if index < len(ms)]
    return out
