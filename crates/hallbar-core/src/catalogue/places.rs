//! Sweden's counties and municipalities by code and name (Statistics Sweden's codes,
//! in use since Knivsta became a municipality in 2003): what a form offers to pick
//! from, and what a report writes beside a code.

use crate::{KommunKod, LanKod};

/// A county (län): its code and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct County {
    /// The two-digit county code, e.g. `23`.
    pub code: &'static str,
    /// The county's name, e.g. `Jämtlands län`.
    pub name: &'static str,
}

/// A municipality (kommun): its code and name; the first two digits of the code are its
/// county's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Municipality {
    /// The four-digit municipality code, e.g. `2380`.
    pub code: &'static str,
    /// The municipality's name, e.g. `Östersund`.
    pub name: &'static str,
}

impl Municipality {
    /// The code of the county the municipality lies in.
    pub fn county(&self) -> &'static str {
        self.code.get(..2).unwrap_or_default()
    }
}

/// The 21 counties, in code order.
pub const COUNTIES: [County; 21] = [
    County {
        code: "01",
        name: "Stockholms län",
    },
    County {
        code: "03",
        name: "Uppsala län",
    },
    County {
        code: "04",
        name: "Södermanlands län",
    },
    County {
        code: "05",
        name: "Östergötlands län",
    },
    County {
        code: "06",
        name: "Jönköpings län",
    },
    County {
        code: "07",
        name: "Kronobergs län",
    },
    County {
        code: "08",
        name: "Kalmar län",
    },
    County {
        code: "09",
        name: "Gotlands län",
    },
    County {
        code: "10",
        name: "Blekinge län",
    },
    County {
        code: "12",
        name: "Skåne län",
    },
    County {
        code: "13",
        name: "Hallands län",
    },
    County {
        code: "14",
        name: "Västra Götalands län",
    },
    County {
        code: "17",
        name: "Värmlands län",
    },
    County {
        code: "18",
        name: "Örebro län",
    },
    County {
        code: "19",
        name: "Västmanlands län",
    },
    County {
        code: "20",
        name: "Dalarnas län",
    },
    County {
        code: "21",
        name: "Gävleborgs län",
    },
    County {
        code: "22",
        name: "Västernorrlands län",
    },
    County {
        code: "23",
        name: "Jämtlands län",
    },
    County {
        code: "24",
        name: "Västerbottens län",
    },
    County {
        code: "25",
        name: "Norrbottens län",
    },
];

/// The 290 municipalities, in code order.
pub const MUNICIPALITIES: [Municipality; 290] = [
    Municipality {
        code: "0114",
        name: "Upplands Väsby",
    },
    Municipality {
        code: "0115",
        name: "Vallentuna",
    },
    Municipality {
        code: "0117",
        name: "Österåker",
    },
    Municipality {
        code: "0120",
        name: "Värmdö",
    },
    Municipality {
        code: "0123",
        name: "Järfälla",
    },
    Municipality {
        code: "0125",
        name: "Ekerö",
    },
    Municipality {
        code: "0126",
        name: "Huddinge",
    },
    Municipality {
        code: "0127",
        name: "Botkyrka",
    },
    Municipality {
        code: "0128",
        name: "Salem",
    },
    Municipality {
        code: "0136",
        name: "Haninge",
    },
    Municipality {
        code: "0138",
        name: "Tyresö",
    },
    Municipality {
        code: "0139",
        name: "Upplands-Bro",
    },
    Municipality {
        code: "0140",
        name: "Nykvarn",
    },
    Municipality {
        code: "0160",
        name: "Täby",
    },
    Municipality {
        code: "0162",
        name: "Danderyd",
    },
    Municipality {
        code: "0163",
        name: "Sollentuna",
    },
    Municipality {
        code: "0180",
        name: "Stockholm",
    },
    Municipality {
        code: "0181",
        name: "Södertälje",
    },
    Municipality {
        code: "0182",
        name: "Nacka",
    },
    Municipality {
        code: "0183",
        name: "Sundbyberg",
    },
    Municipality {
        code: "0184",
        name: "Solna",
    },
    Municipality {
        code: "0186",
        name: "Lidingö",
    },
    Municipality {
        code: "0187",
        name: "Vaxholm",
    },
    Municipality {
        code: "0188",
        name: "Norrtälje",
    },
    Municipality {
        code: "0191",
        name: "Sigtuna",
    },
    Municipality {
        code: "0192",
        name: "Nynäshamn",
    },
    Municipality {
        code: "0305",
        name: "Håbo",
    },
    Municipality {
        code: "0319",
        name: "Älvkarleby",
    },
    Municipality {
        code: "0330",
        name: "Knivsta",
    },
    Municipality {
        code: "0331",
        name: "Heby",
    },
    Municipality {
        code: "0360",
        name: "Tierp",
    },
    Municipality {
        code: "0380",
        name: "Uppsala",
    },
    Municipality {
        code: "0381",
        name: "Enköping",
    },
    Municipality {
        code: "0382",
        name: "Östhammar",
    },
    Municipality {
        code: "0428",
        name: "Vingåker",
    },
    Municipality {
        code: "0461",
        name: "Gnesta",
    },
    Municipality {
        code: "0480",
        name: "Nyköping",
    },
    Municipality {
        code: "0481",
        name: "Oxelösund",
    },
    Municipality {
        code: "0482",
        name: "Flen",
    },
    Municipality {
        code: "0483",
        name: "Katrineholm",
    },
    Municipality {
        code: "0484",
        name: "Eskilstuna",
    },
    Municipality {
        code: "0486",
        name: "Strängnäs",
    },
    Municipality {
        code: "0488",
        name: "Trosa",
    },
    Municipality {
        code: "0509",
        name: "Ödeshög",
    },
    Municipality {
        code: "0512",
        name: "Ydre",
    },
    Municipality {
        code: "0513",
        name: "Kinda",
    },
    Municipality {
        code: "0560",
        name: "Boxholm",
    },
    Municipality {
        code: "0561",
        name: "Åtvidaberg",
    },
    Municipality {
        code: "0562",
        name: "Finspång",
    },
    Municipality {
        code: "0563",
        name: "Valdemarsvik",
    },
    Municipality {
        code: "0580",
        name: "Linköping",
    },
    Municipality {
        code: "0581",
        name: "Norrköping",
    },
    Municipality {
        code: "0582",
        name: "Söderköping",
    },
    Municipality {
        code: "0583",
        name: "Motala",
    },
    Municipality {
        code: "0584",
        name: "Vadstena",
    },
    Municipality {
        code: "0586",
        name: "Mjölby",
    },
    Municipality {
        code: "0604",
        name: "Aneby",
    },
    Municipality {
        code: "0617",
        name: "Gnosjö",
    },
    Municipality {
        code: "0642",
        name: "Mullsjö",
    },
    Municipality {
        code: "0643",
        name: "Habo",
    },
    Municipality {
        code: "0662",
        name: "Gislaved",
    },
    Municipality {
        code: "0665",
        name: "Vaggeryd",
    },
    Municipality {
        code: "0680",
        name: "Jönköping",
    },
    Municipality {
        code: "0682",
        name: "Nässjö",
    },
    Municipality {
        code: "0683",
        name: "Värnamo",
    },
    Municipality {
        code: "0684",
        name: "Sävsjö",
    },
    Municipality {
        code: "0685",
        name: "Vetlanda",
    },
    Municipality {
        code: "0686",
        name: "Eksjö",
    },
    Municipality {
        code: "0687",
        name: "Tranås",
    },
    Municipality {
        code: "0760",
        name: "Uppvidinge",
    },
    Municipality {
        code: "0761",
        name: "Lessebo",
    },
    Municipality {
        code: "0763",
        name: "Tingsryd",
    },
    Municipality {
        code: "0764",
        name: "Alvesta",
    },
    Municipality {
        code: "0765",
        name: "Älmhult",
    },
    Municipality {
        code: "0767",
        name: "Markaryd",
    },
    Municipality {
        code: "0780",
        name: "Växjö",
    },
    Municipality {
        code: "0781",
        name: "Ljungby",
    },
    Municipality {
        code: "0821",
        name: "Högsby",
    },
    Municipality {
        code: "0834",
        name: "Torsås",
    },
    Municipality {
        code: "0840",
        name: "Mörbylånga",
    },
    Municipality {
        code: "0860",
        name: "Hultsfred",
    },
    Municipality {
        code: "0861",
        name: "Mönsterås",
    },
    Municipality {
        code: "0862",
        name: "Emmaboda",
    },
    Municipality {
        code: "0880",
        name: "Kalmar",
    },
    Municipality {
        code: "0881",
        name: "Nybro",
    },
    Municipality {
        code: "0882",
        name: "Oskarshamn",
    },
    Municipality {
        code: "0883",
        name: "Västervik",
    },
    Municipality {
        code: "0884",
        name: "Vimmerby",
    },
    Municipality {
        code: "0885",
        name: "Borgholm",
    },
    Municipality {
        code: "0980",
        name: "Gotland",
    },
    Municipality {
        code: "1060",
        name: "Olofström",
    },
    Municipality {
        code: "1080",
        name: "Karlskrona",
    },
    Municipality {
        code: "1081",
        name: "Ronneby",
    },
    Municipality {
        code: "1082",
        name: "Karlshamn",
    },
    Municipality {
        code: "1083",
        name: "Sölvesborg",
    },
    Municipality {
        code: "1214",
        name: "Svalöv",
    },
    Municipality {
        code: "1230",
        name: "Staffanstorp",
    },
    Municipality {
        code: "1231",
        name: "Burlöv",
    },
    Municipality {
        code: "1233",
        name: "Vellinge",
    },
    Municipality {
        code: "1256",
        name: "Östra Göinge",
    },
    Municipality {
        code: "1257",
        name: "Örkelljunga",
    },
    Municipality {
        code: "1260",
        name: "Bjuv",
    },
    Municipality {
        code: "1261",
        name: "Kävlinge",
    },
    Municipality {
        code: "1262",
        name: "Lomma",
    },
    Municipality {
        code: "1263",
        name: "Svedala",
    },
    Municipality {
        code: "1264",
        name: "Skurup",
    },
    Municipality {
        code: "1265",
        name: "Sjöbo",
    },
    Municipality {
        code: "1266",
        name: "Hörby",
    },
    Municipality {
        code: "1267",
        name: "Höör",
    },
    Municipality {
        code: "1270",
        name: "Tomelilla",
    },
    Municipality {
        code: "1272",
        name: "Bromölla",
    },
    Municipality {
        code: "1273",
        name: "Osby",
    },
    Municipality {
        code: "1275",
        name: "Perstorp",
    },
    Municipality {
        code: "1276",
        name: "Klippan",
    },
    Municipality {
        code: "1277",
        name: "Åstorp",
    },
    Municipality {
        code: "1278",
        name: "Båstad",
    },
    Municipality {
        code: "1280",
        name: "Malmö",
    },
    Municipality {
        code: "1281",
        name: "Lund",
    },
    Municipality {
        code: "1282",
        name: "Landskrona",
    },
    Municipality {
        code: "1283",
        name: "Helsingborg",
    },
    Municipality {
        code: "1284",
        name: "Höganäs",
    },
    Municipality {
        code: "1285",
        name: "Eslöv",
    },
    Municipality {
        code: "1286",
        name: "Ystad",
    },
    Municipality {
        code: "1287",
        name: "Trelleborg",
    },
    Municipality {
        code: "1290",
        name: "Kristianstad",
    },
    Municipality {
        code: "1291",
        name: "Simrishamn",
    },
    Municipality {
        code: "1292",
        name: "Ängelholm",
    },
    Municipality {
        code: "1293",
        name: "Hässleholm",
    },
    Municipality {
        code: "1315",
        name: "Hylte",
    },
    Municipality {
        code: "1380",
        name: "Halmstad",
    },
    Municipality {
        code: "1381",
        name: "Laholm",
    },
    Municipality {
        code: "1382",
        name: "Falkenberg",
    },
    Municipality {
        code: "1383",
        name: "Varberg",
    },
    Municipality {
        code: "1384",
        name: "Kungsbacka",
    },
    Municipality {
        code: "1401",
        name: "Härryda",
    },
    Municipality {
        code: "1402",
        name: "Partille",
    },
    Municipality {
        code: "1407",
        name: "Öckerö",
    },
    Municipality {
        code: "1415",
        name: "Stenungsund",
    },
    Municipality {
        code: "1419",
        name: "Tjörn",
    },
    Municipality {
        code: "1421",
        name: "Orust",
    },
    Municipality {
        code: "1427",
        name: "Sotenäs",
    },
    Municipality {
        code: "1430",
        name: "Munkedal",
    },
    Municipality {
        code: "1435",
        name: "Tanum",
    },
    Municipality {
        code: "1438",
        name: "Dals-Ed",
    },
    Municipality {
        code: "1439",
        name: "Färgelanda",
    },
    Municipality {
        code: "1440",
        name: "Ale",
    },
    Municipality {
        code: "1441",
        name: "Lerum",
    },
    Municipality {
        code: "1442",
        name: "Vårgårda",
    },
    Municipality {
        code: "1443",
        name: "Bollebygd",
    },
    Municipality {
        code: "1444",
        name: "Grästorp",
    },
    Municipality {
        code: "1445",
        name: "Essunga",
    },
    Municipality {
        code: "1446",
        name: "Karlsborg",
    },
    Municipality {
        code: "1447",
        name: "Gullspång",
    },
    Municipality {
        code: "1452",
        name: "Tranemo",
    },
    Municipality {
        code: "1460",
        name: "Bengtsfors",
    },
    Municipality {
        code: "1461",
        name: "Mellerud",
    },
    Municipality {
        code: "1462",
        name: "Lilla Edet",
    },
    Municipality {
        code: "1463",
        name: "Mark",
    },
    Municipality {
        code: "1465",
        name: "Svenljunga",
    },
    Municipality {
        code: "1466",
        name: "Herrljunga",
    },
    Municipality {
        code: "1470",
        name: "Vara",
    },
    Municipality {
        code: "1471",
        name: "Götene",
    },
    Municipality {
        code: "1472",
        name: "Tibro",
    },
    Municipality {
        code: "1473",
        name: "Töreboda",
    },
    Municipality {
        code: "1480",
        name: "Göteborg",
    },
    Municipality {
        code: "1481",
        name: "Mölndal",
    },
    Municipality {
        code: "1482",
        name: "Kungälv",
    },
    Municipality {
        code: "1484",
        name: "Lysekil",
    },
    Municipality {
        code: "1485",
        name: "Uddevalla",
    },
    Municipality {
        code: "1486",
        name: "Strömstad",
    },
    Municipality {
        code: "1487",
        name: "Vänersborg",
    },
    Municipality {
        code: "1488",
        name: "Trollhättan",
    },
    Municipality {
        code: "1489",
        name: "Alingsås",
    },
    Municipality {
        code: "1490",
        name: "Borås",
    },
    Municipality {
        code: "1491",
        name: "Ulricehamn",
    },
    Municipality {
        code: "1492",
        name: "Åmål",
    },
    Municipality {
        code: "1493",
        name: "Mariestad",
    },
    Municipality {
        code: "1494",
        name: "Lidköping",
    },
    Municipality {
        code: "1495",
        name: "Skara",
    },
    Municipality {
        code: "1496",
        name: "Skövde",
    },
    Municipality {
        code: "1497",
        name: "Hjo",
    },
    Municipality {
        code: "1498",
        name: "Tidaholm",
    },
    Municipality {
        code: "1499",
        name: "Falköping",
    },
    Municipality {
        code: "1715",
        name: "Kil",
    },
    Municipality {
        code: "1730",
        name: "Eda",
    },
    Municipality {
        code: "1737",
        name: "Torsby",
    },
    Municipality {
        code: "1760",
        name: "Storfors",
    },
    Municipality {
        code: "1761",
        name: "Hammarö",
    },
    Municipality {
        code: "1762",
        name: "Munkfors",
    },
    Municipality {
        code: "1763",
        name: "Forshaga",
    },
    Municipality {
        code: "1764",
        name: "Grums",
    },
    Municipality {
        code: "1765",
        name: "Årjäng",
    },
    Municipality {
        code: "1766",
        name: "Sunne",
    },
    Municipality {
        code: "1780",
        name: "Karlstad",
    },
    Municipality {
        code: "1781",
        name: "Kristinehamn",
    },
    Municipality {
        code: "1782",
        name: "Filipstad",
    },
    Municipality {
        code: "1783",
        name: "Hagfors",
    },
    Municipality {
        code: "1784",
        name: "Arvika",
    },
    Municipality {
        code: "1785",
        name: "Säffle",
    },
    Municipality {
        code: "1814",
        name: "Lekeberg",
    },
    Municipality {
        code: "1860",
        name: "Laxå",
    },
    Municipality {
        code: "1861",
        name: "Hallsberg",
    },
    Municipality {
        code: "1862",
        name: "Degerfors",
    },
    Municipality {
        code: "1863",
        name: "Hällefors",
    },
    Municipality {
        code: "1864",
        name: "Ljusnarsberg",
    },
    Municipality {
        code: "1880",
        name: "Örebro",
    },
    Municipality {
        code: "1881",
        name: "Kumla",
    },
    Municipality {
        code: "1882",
        name: "Askersund",
    },
    Municipality {
        code: "1883",
        name: "Karlskoga",
    },
    Municipality {
        code: "1884",
        name: "Nora",
    },
    Municipality {
        code: "1885",
        name: "Lindesberg",
    },
    Municipality {
        code: "1904",
        name: "Skinnskatteberg",
    },
    Municipality {
        code: "1907",
        name: "Surahammar",
    },
    Municipality {
        code: "1960",
        name: "Kungsör",
    },
    Municipality {
        code: "1961",
        name: "Hallstahammar",
    },
    Municipality {
        code: "1962",
        name: "Norberg",
    },
    Municipality {
        code: "1980",
        name: "Västerås",
    },
    Municipality {
        code: "1981",
        name: "Sala",
    },
    Municipality {
        code: "1982",
        name: "Fagersta",
    },
    Municipality {
        code: "1983",
        name: "Köping",
    },
    Municipality {
        code: "1984",
        name: "Arboga",
    },
    Municipality {
        code: "2021",
        name: "Vansbro",
    },
    Municipality {
        code: "2023",
        name: "Malung-Sälen",
    },
    Municipality {
        code: "2026",
        name: "Gagnef",
    },
    Municipality {
        code: "2029",
        name: "Leksand",
    },
    Municipality {
        code: "2031",
        name: "Rättvik",
    },
    Municipality {
        code: "2034",
        name: "Orsa",
    },
    Municipality {
        code: "2039",
        name: "Älvdalen",
    },
    Municipality {
        code: "2061",
        name: "Smedjebacken",
    },
    Municipality {
        code: "2062",
        name: "Mora",
    },
    Municipality {
        code: "2080",
        name: "Falun",
    },
    Municipality {
        code: "2081",
        name: "Borlänge",
    },
    Municipality {
        code: "2082",
        name: "Säter",
    },
    Municipality {
        code: "2083",
        name: "Hedemora",
    },
    Municipality {
        code: "2084",
        name: "Avesta",
    },
    Municipality {
        code: "2085",
        name: "Ludvika",
    },
    Municipality {
        code: "2101",
        name: "Ockelbo",
    },
    Municipality {
        code: "2104",
        name: "Hofors",
    },
    Municipality {
        code: "2121",
        name: "Ovanåker",
    },
    Municipality {
        code: "2132",
        name: "Nordanstig",
    },
    Municipality {
        code: "2161",
        name: "Ljusdal",
    },
    Municipality {
        code: "2180",
        name: "Gävle",
    },
    Municipality {
        code: "2181",
        name: "Sandviken",
    },
    Municipality {
        code: "2182",
        name: "Söderhamn",
    },
    Municipality {
        code: "2183",
        name: "Bollnäs",
    },
    Municipality {
        code: "2184",
        name: "Hudiksvall",
    },
    Municipality {
        code: "2260",
        name: "Ånge",
    },
    Municipality {
        code: "2262",
        name: "Timrå",
    },
    Municipality {
        code: "2280",
        name: "Härnösand",
    },
    Municipality {
        code: "2281",
        name: "Sundsvall",
    },
    Municipality {
        code: "2282",
        name: "Kramfors",
    },
    Municipality {
        code: "2283",
        name: "Sollefteå",
    },
    Municipality {
        code: "2284",
        name: "Örnsköldsvik",
    },
    Municipality {
        code: "2303",
        name: "Ragunda",
    },
    Municipality {
        code: "2305",
        name: "Bräcke",
    },
    Municipality {
        code: "2309",
        name: "Krokom",
    },
    Municipality {
        code: "2313",
        name: "Strömsund",
    },
    Municipality {
        code: "2321",
        name: "Åre",
    },
    Municipality {
        code: "2326",
        name: "Berg",
    },
    Municipality {
        code: "2361",
        name: "Härjedalen",
    },
    Municipality {
        code: "2380",
        name: "Östersund",
    },
    Municipality {
        code: "2401",
        name: "Nordmaling",
    },
    Municipality {
        code: "2403",
        name: "Bjurholm",
    },
    Municipality {
        code: "2404",
        name: "Vindeln",
    },
    Municipality {
        code: "2409",
        name: "Robertsfors",
    },
    Municipality {
        code: "2417",
        name: "Norsjö",
    },
    Municipality {
        code: "2418",
        name: "Malå",
    },
    Municipality {
        code: "2421",
        name: "Storuman",
    },
    Municipality {
        code: "2422",
        name: "Sorsele",
    },
    Municipality {
        code: "2425",
        name: "Dorotea",
    },
    Municipality {
        code: "2460",
        name: "Vännäs",
    },
    Municipality {
        code: "2462",
        name: "Vilhelmina",
    },
    Municipality {
        code: "2463",
        name: "Åsele",
    },
    Municipality {
        code: "2480",
        name: "Umeå",
    },
    Municipality {
        code: "2481",
        name: "Lycksele",
    },
    Municipality {
        code: "2482",
        name: "Skellefteå",
    },
    Municipality {
        code: "2505",
        name: "Arvidsjaur",
    },
    Municipality {
        code: "2506",
        name: "Arjeplog",
    },
    Municipality {
        code: "2510",
        name: "Jokkmokk",
    },
    Municipality {
        code: "2513",
        name: "Överkalix",
    },
    Municipality {
        code: "2514",
        name: "Kalix",
    },
    Municipality {
        code: "2518",
        name: "Övertorneå",
    },
    Municipality {
        code: "2521",
        name: "Pajala",
    },
    Municipality {
        code: "2523",
        name: "Gällivare",
    },
    Municipality {
        code: "2560",
        name: "Älvsbyn",
    },
    Municipality {
        code: "2580",
        name: "Luleå",
    },
    Municipality {
        code: "2581",
        name: "Piteå",
    },
    Municipality {
        code: "2582",
        name: "Boden",
    },
    Municipality {
        code: "2583",
        name: "Haparanda",
    },
    Municipality {
        code: "2584",
        name: "Kiruna",
    },
];

/// The county with code `code`, if one is in use.
pub fn county(code: &LanKod) -> Option<&'static County> {
    COUNTIES.iter().find(|c| c.code == code.as_str())
}

/// The municipality with code `code`, if one is in use.
pub fn municipality(code: &KommunKod) -> Option<&'static Municipality> {
    let code = code.as_str();
    MUNICIPALITIES
        .binary_search_by(|m| m.code.cmp(code))
        .ok()
        .and_then(|i| MUNICIPALITIES.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_in_their_county() {
        assert!(COUNTIES.windows(2).all(|w| w[0].code < w[1].code));
        assert!(MUNICIPALITIES.windows(2).all(|w| w[0].code < w[1].code));
        for m in MUNICIPALITIES {
            assert!(
                COUNTIES.iter().any(|c| c.code == m.county()),
                "{} {} lies in no county",
                m.code,
                m.name
            );
            assert!(KommunKod::new(m.code).is_ok(), "{} is refused", m.code);
        }
        for c in COUNTIES {
            assert!(LanKod::new(c.code).is_ok(), "{} is refused", c.code);
        }
    }

    #[test]
    fn a_code_is_found_by_its_name() {
        let ostersund = KommunKod::new("2380").expect("a code");
        assert_eq!(municipality(&ostersund).map(|m| m.name), Some("Östersund"));
        let jamtland = LanKod::new("23").expect("a code");
        assert_eq!(county(&jamtland).map(|c| c.name), Some("Jämtlands län"));
        assert_eq!(municipality(&KommunKod::new("2399").expect("a code")), None);
    }
}
