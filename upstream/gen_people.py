"""Names, places, companies and handles for generated people.

Places are written the way people really fill in GitHub's free-text location ("Minsk",
"Мінск, Беларусь", "RB", "SF Bay Area", "🌍", blank), each with the ISO country and English
city it means (``None`` where the text does not say) and the name cultures of the people who
write it (many Belarusian engineers now live in Warsaw, Vilnius, Tbilisi or Belgrade).
Weights are relative frequencies in a world tuned toward Eastern Europe, where the product
was born, with the real graph's share of empty (39%) and unknowable (7%) text: of the rest,
about a third Belarus, a third the rest of Eastern Europe and the Caucasus, a third elsewhere.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")

# Name cultures ---------------------------------------------------------------------------
# First names are "Latin:Cyrillic" (Cyrillic where people of that culture may display it);
# surnames give the masculine form, feminised by ``_feminine``.

_FIRST: dict[str, tuple[str, str]] = {
    "by": (
        "Aliaksandr:Аляксандр Alexander:Александр Aliaksei:Аляксей Alexey:Алексей "
        "Siarhei:Сяргей Sergey:Сергей Dzmitry:Дзмітрый Dmitry:Дмитрий Uladzimir:Уладзімір "
        "Vladimir:Владимир Yauhen:Яўген Evgeny:Евгений Pavel:Павел Andrei:Андрэй "
        "Mikalai:Мікалай Nikolai:Николай Ihar:Ігар Igor:Игорь Maksim:Максім Artsiom:Арцём "
        "Artem:Артём Kiryl:Кірыл Kirill:Кирилл Raman:Раман Vadzim:Вадзім Viktar:Віктар "
        "Ilya:Илья Yahor:Ягор Egor:Егор Anton:Антон Nikita:Никита Ivan:Иван Mikhail:Михаил "
        "Stanislau:Станіслаў Uladzislau:Уладзіслаў Vlad:Влад Ales:Алесь Yan:Ян",
        "Alesia:Алеся Hanna:Ганна Anna:Анна Volha:Вольга Olga:Ольга Katsiaryna:Кацярына "
        "Ekaterina:Екатерина Maryia:Марыя Maria:Мария Nastassia:Настасся Anastasia:Анастасия "
        "Tatsiana:Таццяна Tatiana:Татьяна Yuliya:Юлія Darya:Дар'я Daria:Дарья Iryna:Ірына "
        "Irina:Ирина Aksana:Аксана Palina:Паліна Polina:Полина Kryscina:Крысціна "
        "Kristina:Кристина Viktoryia:Вікторыя Alena:Алена Elena:Елена Sviatlana:Святлана "
        "Svetlana:Светлана Yana:Яна",
    ),
    "ua": (
        "Oleksandr:Олександр Andrii:Андрій Dmytro:Дмитро Oleh:Олег Taras:Тарас Bohdan:Богдан "
        "Yurii:Юрій Mykola:Микола Serhii:Сергій Volodymyr:Володимир Maksym:Максим Ivan:Іван "
        "Vitalii:Віталій Roman:Роман Petro:Петро Denys:Денис Artem:Артем Yaroslav:Ярослав "
        "Ihor:Ігор Vasyl:Василь",
        "Olena:Олена Oksana:Оксана Kateryna:Катерина Iryna:Ірина Yuliia:Юлія Sofiia:Софія "
        "Anastasiia:Анастасія Nataliia:Наталія Tetiana:Тетяна Mariia:Марія Halyna:Галина "
        "Viktoriia:Вікторія Khrystyna:Христина Daryna:Дарина Solomiia:Соломія",
    ),
    "ru": (
        "Alexey:Алексей Dmitry:Дмитрий Sergey:Сергей Andrey:Андрей Mikhail:Михаил Ivan:Иван "
        "Nikita:Никита Pavel:Павел Roman:Роман Artem:Артём Kirill:Кирилл Denis:Денис "
        "Maxim:Максим Egor:Егор Ilya:Илья Anton:Антон Konstantin:Константин Grigory:Григорий",
        "Anna:Анна Olga:Ольга Ekaterina:Екатерина Maria:Мария Natalia:Наталья Elena:Елена "
        "Anastasia:Анастасия Daria:Дарья Polina:Полина Ksenia:Ксения Alina:Алина Sofia:София "
        "Valeria:Валерия",
    ),
    "pl": (
        "Jakub Piotr Krzysztof Tomasz Michał Paweł Łukasz Kamil Mateusz Bartosz Marcin "
        "Wojciech Adam Szymon Filip Grzegorz Maciej Rafał Dawid Jan",
        "Agnieszka Katarzyna Magdalena Zofia Aleksandra Anna Joanna Monika Natalia Karolina "
        "Weronika Julia Marta Ewa Paulina",
    ),
    "lt": (
        "Mantas Tomas Lukas Darius Jonas Paulius Andrius Karolis Domantas Vytautas Mindaugas "
        "Justas",
        "Rūta Eglė Greta Ieva Gabija Austėja Indrė Lina Aušra",
    ),
    "lv": (
        "Jānis Andris Kristaps Mārtiņš Edgars Artūrs Roberts Raivis",
        "Līga Ilze Anna Laura Elīna Kristīne Santa",
    ),
    "ee": ("Martin Rasmus Markus Kristjan Andres Karl", "Maria Liis Kertu Triin Kadri"),
    "ge": (
        "Giorgi Nika Levan Davit Luka Irakli Sandro Zurab Tornike Lasha",
        "Nino Mariam Ana Tamar Salome Elene Natia Ketevan",
    ),
    "am": (
        "Aram Hayk Tigran Narek Davit Armen Gor Vahe Arman",
        "Anahit Lilit Ani Mariam Nare Gayane",
    ),
    "kz": (
        "Arman Daniyar Nurlan Yerlan Aidos Askar Timur Azamat Dias Alibek",
        "Aigerim Dana Aruzhan Madina Kamila Dinara Zhanna Assel",
    ),
    "rs": (
        "Marko Nikola Stefan Luka Milan Nemanja Aleksandar Vuk Dušan Miloš",
        "Milica Jovana Ana Marija Teodora Jelena Ivana Katarina",
    ),
    "cz": ("Jakub Tomáš Jan Petr Ondřej Lukáš Martin", "Tereza Eliška Kateřina Lucie Barbora"),
    "hu": ("Bence Máté Dániel Levente Ádám Péter", "Anna Eszter Réka Zsófia Dóra"),
    "ro": (
        "Andrei Mihai Alexandru Ionuț Vlad Bogdan Radu",
        "Ioana Andreea Elena Maria Alexandra Irina",
    ),
    "de": (
        "Jonas Lukas Felix Leon Maximilian Paul Tobias Jan Niklas Florian Moritz Sebastian",
        "Anna Lena Julia Laura Sophie Marie Lea Hannah Katharina Johanna",
    ),
    "nl": (
        "Daan Sem Lucas Thijs Bram Jesse Ruben Lars Stijn Joris",
        "Lotte Eva Sanne Fleur Anouk Lisa Femke Iris",
    ),
    "gb": (
        "Oliver Harry Jack George Thomas James William Sam Tom Callum Ben Alfie",
        "Emily Charlotte Olivia Amelia Sophie Grace Chloe Hannah Lucy Ella",
    ),
    "us": (
        "James Michael David Kevin Ryan Daniel Chris Matt Andrew Brian Tyler Josh Eric Jason Alex",
        "Emily Sarah Jessica Ashley Lauren Megan Rachel Hannah Emma Olivia Amanda Nicole",
    ),
    "in": (
        "Arjun Rahul Rohan Vikram Aditya Karthik Siddharth Amit Nikhil Abhishek Pranav "
        "Varun Harsh Ankit Sai",
        "Priya Ananya Sneha Divya Pooja Kavya Neha Shreya Aishwarya Ishita Meera",
    ),
    "cn": (
        "Wei Jun Hao Jie Yang Lei Ming Tao Jian Bo Zhiwei Yifan",
        "Xin Yan Ying Mei Jing Qian Xiaoyu Yuxin",
    ),
    "jp": ("Haruto Yuki Kenta Takumi Ryo Daiki Sho", "Yui Sakura Aoi Hana Mei Yuna"),
    "kr": ("Minjun Seojun Jihoon Hyun Jiwoo Donghyun", "Seoyeon Jiyeon Minji Soyeon"),
    "br": (
        "Lucas Gabriel Rafael Pedro Mateus Gustavo Felipe",
        "Ana Beatriz Juliana Camila Larissa",
    ),
    "fr": (
        "Lucas Hugo Louis Thomas Antoine Mathieu Julien Nicolas Pierre",
        "Camille Léa Chloé Manon Julie Sarah Inès",
    ),
    "es": (
        "Pablo Javier Sergio Alejandro Diego João Miguel Tiago",
        "Lucía María Carmen Sofía Inês Beatriz",
    ),
    "il": ("Noam Itai Yonatan Omer Eitan Ariel", "Noa Maya Tamar Shira Yael"),
}

_LAST: dict[str, str] = {
    "by": "Kavalenka:Коваленко Navumenka:Науменко Shved:Швед Hrynevich:Гриневич Zhuk:Жук "
    "Sidarenka:Сидоренко Makarevich:Макаревич Kazlou:Козлов Bandarenka:Бондаренко "
    "Tkachenka:Ткаченко Karpovich:Карпович Yakubovich:Якубович Dubrouski:Дубровский "
    "Kuzniatsou:Кузнецов Luksha:Лукша Marozau:Морозов Pashkevich:Пашкевич "
    "Radzivonau:Радионов Vasilevich:Василевич Zhdanovich:Жданович Hurski:Гурский "
    "Klimovich:Климович Ivanou:Иванов Novik:Новик Savitski:Савицкий Lis:Лис Belski:Бельский "
    "Mikhalevich:Михалевич Shymanski:Шиманский Kharytonau:Харитонов Prakopovich:Прокопович "
    "Astapenka:Астапенко Filipovich:Филипович Sakalou:Соколов Miadzvedzeu:Медведев "
    "Zaitsau:Зайцев Liavonchyk:Леончик Babrou:Бобров Rusak:Русак Yermakovich:Ермакович",
    "ua": "Shevchenko:Шевченко Kovalenko:Коваленко Bondarenko:Бондаренко Tkachenko:Ткаченко "
    "Kravchenko:Кравченко Melnyk:Мельник Boiko:Бойко Moroz:Мороз Lysenko:Лисенко "
    "Savchenko:Савченко Petrenko:Петренко Hrytsenko:Гриценко Rudenko:Руденко "
    "Marchenko:Марченко Polishchuk:Поліщук Oliinyk:Олійник Tkachuk:Ткачук "
    "Kovalchuk:Ковальчук Pavlenko:Павленко Kovalskyi:Ковальський Levchenko:Левченко "
    "Honcharenko:Гончаренко Yatsenko:Яценко Zinchenko:Зінченко Kuzmenko:Кузьменко "
    "Romaniuk:Романюк Savchuk:Савчук Bilous:Білоус",
    "ru": "Ivanov:Иванов Smirnov:Смирнов Kuznetsov:Кузнецов Popov:Попов Sokolov:Соколов "
    "Lebedev:Лебедев Kozlov:Козлов Novikov:Новиков Morozov:Морозов Volkov:Волков Orlov:Орлов "
    "Belov:Белов Fedorov:Федоров Vinogradov:Виноградов Zaitsev:Зайцев Pavlov:Павлов "
    "Golubev:Голубев Bogdanov:Богданов Karpov:Карпов Tikhonov:Тихонов Gusev:Гусев "
    "Ershov:Ершов",
    "pl": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
    "Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski "
    "Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając Wieczorek "
    "Jabłoński Król Majewski Olszewski",
    "lt": "Kazlauskas Petrauskas Jankauskas Žukauskas Vasiliauskas Butkus Paulauskas Urbonas "
    "Kavaliauskas Stankevičius Navickas Rimkus",
    "lv": "Bērziņš Kalniņš Ozols Jansons Krūmiņš Zariņš Vītols Kļaviņš Ozoliņš",
    "ee": "Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves",
    "ge": "Beridze Kapanadze Gelashvili Maisuradze Giorgadze Lomidze Tsiklauri Bolkvadze "
    "Kvaratskhelia Mchedlishvili Abashidze Japaridze",
    "am": "Petrosyan Harutyunyan Sargsyan Hakobyan Grigoryan Khachatryan Vardanyan "
    "Hovhannisyan Avetisyan Karapetyan",
    "kz": "Nurpeisov Abenov Suleimenov Akhmetov Bekov Iskakov Omarov Zhakupov Sarsenbayev "
    "Kenzhebekov",
    "rs": "Petrović Jovanović Nikolić Marković Đorđević Stojanović Ilić Stanković Pavlović "
    "Todorović Kostić Popović",
    "cz": "Novák Svoboda Dvořák Černý Procházka Kučera Veselý Horák",
    "hu": "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár",
    "ro": "Popescu Ionescu Popa Dumitru Stoica Stan Munteanu Constantin",
    "de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
    "Richter Klein Wolf Neumann Schwarz Zimmermann Braun Krüger Hartmann",
    "nl": "de_Vries Jansen van_Dijk Bakker Visser Smit Meijer de_Boer Mulder van_den_Berg Bos Vos",
    "gb": "Smith Jones Taylor Brown Williams Wilson Davies Evans Thomas Johnson Roberts Walker "
    "Wright Robinson Thompson Hughes Clarke Hall",
    "us": "Johnson Miller Garcia Martinez Davis Rodriguez Wilson Anderson Thomas Moore Jackson "
    "Lee Nguyen Chen Patel Kim Park Wang Liu Shah Cohen Murphy",
    "in": "Sharma Patel Iyer Reddy Nair Gupta Menon Singh Kumar Rao Agarwal Joshi Verma "
    "Krishnan Mehta Bhat Chatterjee Das",
    "cn": "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lin Tan Lim Ng Goh",
    "jp": "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi",
    "kr": "Kim Lee Park Choi Jung Kang Cho Yoon",
    "br": "Silva Santos Oliveira Souza Pereira Costa Almeida Ferreira",
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefebvre Girard",
    "es": "García Fernández López Martínez Sánchez Pérez Gómez Rodrigues Ferreira Costa",
    "il": "Cohen Levi Mizrahi Peretz Biton Friedman Katz Shapiro",
}

# Cultures whose people sometimes display their name in Cyrillic.
CYRILLIC_CULTURES = frozenset({"by", "ua", "ru"})
SLAVIC_CULTURES = frozenset({"by", "ua", "ru", "pl", "cz", "rs"})

_FEMININE_LATIN: dict[str, tuple[tuple[str, str], ...]] = {
    "by": (("ski", "skaya"), ("ou", "ova"), ("au", "ava"), ("eu", "eva"), ("in", "ina")),
    "ru": (("sky", "skaya"), ("ov", "ova"), ("ev", "eva"), ("in", "ina")),
    "ua": (("skyi", "ska"), ("ov", "ova"), ("in", "ina")),
    "pl": (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")),
    "lt": (("as", "ienė"), ("is", "ienė"), ("us", "ienė")),
    "lv": (("š", "a"), ("s", "a")),
    "cz": (("ý", "á"), ("a", "ová"), ("", "ová")),
    "kz": (("ov", "ova"), ("ev", "eva"), ("bayev", "bayeva")),
}
_FEMININE_CYRILLIC = (
    ("ский", "ская"),
    ("ський", "ська"),
    ("ов", "ова"),
    ("ев", "ева"),
    ("ин", "ина"),
    ("ін", "іна"),
)


def _feminine(surname: str, rules: tuple[tuple[str, str], ...]) -> str:
    for ending, replacement in rules:
        if surname.endswith(ending):
            return surname[: len(surname) - len(ending)] + replacement
    return surname


@dataclass(frozen=True)
class Culture:
    key: str
    male: tuple[tuple[str, str | None], ...]
    female: tuple[tuple[str, str | None], ...]
    surnames: tuple[tuple[str, str | None], ...]


def _pairs(text: str) -> tuple[tuple[str, str | None], ...]:
    out = []
    for word in text.split():
        latin, _, cyrillic = word.partition(":")
        out.append((latin.replace("_", " "), cyrillic or None))
    return tuple(out)


CULTURES: dict[str, Culture] = {
    key: Culture(key, _pairs(male), _pairs(female), _pairs(_LAST[key]))
    for key, (male, female) in _FIRST.items()
}
GLOBAL_MIX = "us:3 in:3 cn:2 gb:1 de:1 by:2 ua:2 ru:1 pl:1 br:1"

# Places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    text: str | None
    country: str | None
    city: str | None
    cultures: tuple[str, ...]
    culture_weights: tuple[float, ...]


def _place(text: str | None, country: str | None, city: str | None, mix: str) -> Place:
    names, weights = [], []
    for part in mix.split():
        key, _, weight = part.partition(":")
        names.append(key)
        weights.append(float(weight or 1))
    return Place(text, country, city, tuple(names), tuple(accumulate(weights)))


_SLAVIC_ABROAD = "pl:5 by:3 ua:2"
_PLACES: tuple[tuple[float, Place], ...] = (
    # Belarus (~23%)
    (5.0, _place("Minsk", "BY", "Minsk", "by")),
    (5.0, _place("Minsk, Belarus", "BY", "Minsk", "by")),
    (1.2, _place("Мінск, Беларусь", "BY", "Minsk", "by")),
    (1.5, _place("Минск", "BY", "Minsk", "by")),
    (1.0, _place("Минск, Беларусь", "BY", "Minsk", "by")),
    (2.5, _place("Belarus", "BY", None, "by")),
    (0.4, _place("Беларусь", "BY", None, "by")),
    (0.5, _place("BY", "BY", None, "by")),
    (0.3, _place("RB", "BY", None, "by")),
    (1.0, _place("Belarus, Minsk", "BY", "Minsk", "by")),
    (0.4, _place("minsk", "BY", "Minsk", "by")),
    (0.8, _place("Gomel", "BY", "Gomel", "by")),
    (0.5, _place("Belarus, Gomel", "BY", "Gomel", "by")),
    (0.4, _place("Гомель", "BY", "Gomel", "by")),
    (0.2, _place("Homiel, Belarus", "BY", "Gomel", "by")),
    (0.4, _place("Brest", "BY", "Brest", "by")),
    (0.5, _place("Brest, Belarus", "BY", "Brest", "by")),
    (0.5, _place("Grodno", "BY", "Grodno", "by")),
    (0.2, _place("Hrodna, Belarus", "BY", "Grodno", "by")),
    (0.4, _place("Vitebsk", "BY", "Vitebsk", "by")),
    (0.1, _place("Viciebsk, Belarus", "BY", "Vitebsk", "by")),
    (0.3, _place("Mogilev, Belarus", "BY", "Mogilev", "by")),
    # Neighbours, the Baltics, the Caucasus and the relocation hubs (~25%)
    (2.5, _place("Warsaw, Poland", "PL", "Warsaw", _SLAVIC_ABROAD)),
    (0.8, _place("Warszawa", "PL", "Warsaw", "pl")),
    (0.8, _place("Warsaw", "PL", "Warsaw", "pl:4 by:4 ua:2")),
    (0.8, _place("Kraków", "PL", "Krakow", "pl:8 ua:2")),
    (0.6, _place("Krakow, Poland", "PL", "Krakow", "pl:7 by:1 ua:2")),
    (0.5, _place("Wrocław, Poland", "PL", "Wroclaw", "pl:7 by:1 ua:2")),
    (0.3, _place("Gdańsk", "PL", "Gdansk", "pl:7 by:3")),
    (0.8, _place("Poland", "PL", None, "pl:8 by:1 ua:1")),
    (0.3, _place("Białystok", "PL", "Bialystok", "pl:6 by:4")),
    (1.0, _place("Kyiv", "UA", "Kyiv", "ua")),
    (1.2, _place("Kyiv, Ukraine", "UA", "Kyiv", "ua")),
    (0.5, _place("Київ", "UA", "Kyiv", "ua")),
    (0.3, _place("Kiev", "UA", "Kyiv", "ua:8 ru:2")),
    (0.8, _place("Lviv, Ukraine", "UA", "Lviv", "ua")),
    (0.5, _place("Kharkiv", "UA", "Kharkiv", "ua:7 ru:3")),
    (0.8, _place("Ukraine", "UA", None, "ua")),
    (0.3, _place("Odesa, Ukraine", "UA", "Odesa", "ua:7 ru:3")),
    (0.9, _place("Vilnius", "LT", "Vilnius", "lt:5 by:5")),
    (0.9, _place("Vilnius, Lithuania", "LT", "Vilnius", "lt:6 by:4")),
    (0.2, _place("Kaunas, Lithuania", "LT", "Kaunas", "lt")),
    (0.5, _place("Riga", "LV", "Riga", "lv:6 ru:2 by:2")),
    (0.4, _place("Riga, Latvia", "LV", "Riga", "lv:6 ru:2 by:2")),
    (0.3, _place("Tallinn, Estonia", "EE", "Tallinn", "ee:6 ru:2 by:2")),
    (0.9, _place("Tbilisi, Georgia", "GE", "Tbilisi", "ge:5 by:3 ru:2")),
    (0.5, _place("Tbilisi", "GE", "Tbilisi", "ge:4 by:4 ru:2")),
    (0.2, _place("Batumi", "GE", "Batumi", "ge:4 by:3 ru:3")),
    (0.5, _place("Belgrade", "RS", "Belgrade", "rs:5 by:3 ru:2")),
    (0.4, _place("Belgrade, Serbia", "RS", "Belgrade", "rs:5 by:3 ru:2")),
    (0.1, _place("Novi Sad, Serbia", "RS", "Novi Sad", "rs:6 by:2 ru:2")),
    (0.4, _place("Yerevan", "AM", "Yerevan", "am:6 ru:2 by:2")),
    (0.3, _place("Yerevan, Armenia", "AM", "Yerevan", "am:6 ru:2 by:2")),
    (0.3, _place("Almaty", "KZ", "Almaty", "kz:7 ru:3")),
    (0.2, _place("Almaty, Kazakhstan", "KZ", "Almaty", "kz:7 ru:3")),
    (0.1, _place("Astana", "KZ", "Astana", "kz")),
    (0.5, _place("Moscow", "RU", "Moscow", "ru")),
    (0.4, _place("Moscow, Russia", "RU", "Moscow", "ru")),
    (0.3, _place("Saint Petersburg", "RU", "Saint Petersburg", "ru")),
    (0.3, _place("Prague, Czech Republic", "CZ", "Prague", "cz:6 by:2 ua:2")),
    (0.2, _place("Budapest", "HU", "Budapest", "hu")),
    (0.3, _place("Bucharest, Romania", "RO", "Bucharest", "ro")),
    (0.1, _place("Cluj-Napoca", "RO", "Cluj-Napoca", "ro")),
    (0.4, _place("Limassol, Cyprus", "CY", "Limassol", "by:5 ru:4 ua:1")),
    (0.2, _place("Cyprus", "CY", None, "by:5 ru:5")),
    # Elsewhere (~33%)
    (1.4, _place("Berlin", "DE", "Berlin", "de:6 by:2 ua:1 us:1")),
    (1.4, _place("Berlin, Germany", "DE", "Berlin", "de:6 by:2 ua:1 in:1")),
    (0.6, _place("Munich, Germany", "DE", "Munich", "de")),
    (0.5, _place("Germany", "DE", None, "de")),
    (0.8, _place("Amsterdam", "NL", "Amsterdam", "nl:5 in:2 us:1 by:1 ua:1")),
    (0.5, _place("Amsterdam, The Netherlands", "NL", "Amsterdam", "nl:6 in:2 ua:2")),
    (0.7, _place("London", "GB", "London", "gb:6 in:2 pl:1 cn:1")),
    (1.1, _place("London, UK", "GB", "London", "gb:6 in:2 pl:1 ua:1")),
    (0.3, _place("United Kingdom", "GB", None, "gb")),
    (0.6, _place("Paris, France", "FR", "Paris", "fr")),
    (0.4, _place("Lisbon, Portugal", "PT", "Lisbon", "es:5 by:2 ua:1 br:2")),
    (0.3, _place("Barcelona, Spain", "ES", "Barcelona", "es:7 us:1 in:2")),
    (0.3, _place("Zurich, Switzerland", "CH", "Zurich", "de:6 in:2 us:2")),
    (0.2, _place("Dubai, UAE", "AE", "Dubai", "in:4 ru:3 gb:3")),
    (0.4, _place("Tel Aviv, Israel", "IL", "Tel Aviv", "il:8 ru:2")),
    (0.8, _place("SF Bay Area", "US", None, "us:6 in:2 cn:2")),
    (1.4, _place("San Francisco, CA", "US", "San Francisco", "us:6 in:2 cn:1 ua:1")),
    (0.6, _place("San Francisco", "US", "San Francisco", "us:6 in:2 cn:2")),
    (0.7, _place("NYC", "US", "New York", "us")),
    (0.7, _place("New York, NY", "US", "New York", "us:7 in:1 cn:1 ru:1")),
    (0.6, _place("Seattle, WA", "US", "Seattle", "us:6 in:2 cn:2")),
    (0.3, _place("Austin, TX", "US", "Austin", "us")),
    (0.5, _place("USA", "US", None, "us:8 in:2")),
    (0.3, _place("United States", "US", None, "us")),
    (1.0, _place("Bangalore", "IN", "Bangalore", "in")),
    (0.8, _place("Bengaluru, India", "IN", "Bangalore", "in")),
    (0.7, _place("India", "IN", None, "in")),
    (0.3, _place("Hyderabad", "IN", "Hyderabad", "in")),
    (0.3, _place("Pune, India", "IN", "Pune", "in")),
    (0.7, _place("Singapore", "SG", "Singapore", "cn:6 in:3 us:1")),
    (0.6, _place("Toronto", "CA", "Toronto", "us:5 in:2 cn:2 ua:1")),
    (0.4, _place("Toronto, Canada", "CA", "Toronto", "us:5 in:2 cn:2 ua:1")),
    (0.2, _place("Vancouver, BC", "CA", "Vancouver", "us:5 cn:3 in:2")),
    (0.6, _place("Beijing, China", "CN", "Beijing", "cn")),
    (0.3, _place("Shanghai", "CN", "Shanghai", "cn")),
    (0.2, _place("Hangzhou", "CN", "Hangzhou", "cn")),
    (0.3, _place("Tokyo, Japan", "JP", "Tokyo", "jp")),
    (0.3, _place("Seoul", "KR", "Seoul", "kr")),
    (0.2, _place("Seoul, South Korea", "KR", "Seoul", "kr")),
    (0.3, _place("Sydney, Australia", "AU", "Sydney", "gb:6 cn:2 in:2")),
    (0.3, _place("São Paulo, Brazil", "BR", "Sao Paulo", "br")),
    (0.2, _place("Brazil", "BR", None, "br")),
    # Empty (39%) and unknowable (7%), the real graph's rates (docs/realworld.md)
    (45.0, _place(None, None, None, GLOBAL_MIX)),
    (4.7, _place("", None, None, GLOBAL_MIX)),
    (2.7, _place("Remote", None, None, GLOBAL_MIX)),
    (1.7, _place("Earth", None, None, GLOBAL_MIX)),
    (0.7, _place("Internet", None, None, GLOBAL_MIX)),
    (0.7, _place("🌍", None, None, GLOBAL_MIX)),
    (0.5, _place("Worldwide", None, None, GLOBAL_MIX)),
    (0.5, _place("localhost", None, None, GLOBAL_MIX)),
    (0.2, _place("127.0.0.1", None, None, GLOBAL_MIX)),
    (1.2, _place("Europe", None, None, "by:3 ua:2 pl:2 de:2 ru:1")),
    (0.5, _place("Eastern Europe", None, None, "by:4 ua:3 pl:2 ru:1")),
    (0.3, _place("EU", None, None, "by:3 ua:2 pl:2 de:2")),
)
PLACES: tuple[Place, ...] = tuple(place for _, place in _PLACES)
_PLACE_CUM = tuple(accumulate(weight for weight, _ in _PLACES))
EASTERN_EUROPE = frozenset(
    {
        "BY",
        "PL",
        "UA",
        "LT",
        "LV",
        "EE",
        "RU",
        "MD",
        "RO",
        "CZ",
        "SK",
        "HU",
        "BG",
        "RS",
        "GE",
        "AM",
        "AZ",
        "KZ",
    }
)


def pick(rng: random.Random, cum_weights: Sequence[float], items: Sequence[T]) -> T:
    """One item by cumulative weights (``random.choices`` without the list it builds)."""
    return items[bisect(cum_weights, rng.random() * cum_weights[-1])]


def pick_place(rng: random.Random) -> Place:
    return pick(rng, _PLACE_CUM, PLACES)


def place_named(text: str | None) -> Place:
    """The place whose text is exactly ``text`` (orgs and tests use fixed places)."""
    for place in PLACES:
        if place.text == text:
            return place
    raise KeyError(text)


# Identities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    first: str
    last: str
    first_cyr: str | None
    last_cyr: str | None
    culture: str
    female: bool

    @property
    def latin(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def cyrillic(self) -> str | None:
        if self.first_cyr and self.last_cyr:
            return f"{self.first_cyr} {self.last_cyr}"
        return None


def make_identity(rng: random.Random, place: Place) -> Identity:
    culture = CULTURES[pick(rng, place.culture_weights, place.cultures)]
    female = rng.random() < 0.24  # roughly the share of women among engineers on GitHub
    first, first_cyr = rng.choice(culture.female if female else culture.male)
    last, last_cyr = rng.choice(culture.surnames)
    if female:
        last = _feminine(last, _FEMININE_LATIN.get(culture.key, ()))
        last_cyr = _feminine(last_cyr, _FEMININE_CYRILLIC) if last_cyr else None
    return Identity(first, last, first_cyr, last_cyr, culture.key, female)


def display_name(rng: random.Random, ident: Identity) -> str | None:
    """What goes in the profile's ``name``: Latin mostly, Cyrillic for some, often empty."""
    roll = rng.random()
    if ident.cyrillic and roll < 0.22:
        return ident.cyrillic
    if roll < 0.30:
        return None
    if roll < 0.34:
        return ident.first
    return ident.latin


def ascii_fold(text: str) -> str:
    """Lowercase ASCII for handles: 'Łukasz Wiśniewski' -> 'lukasz wisniewski'."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    text = text.replace("ß", "ss").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128).lower()


_NICK_A = (
    "dark",
    "quiet",
    "lazy",
    "rapid",
    "silent",
    "cosmic",
    "neon",
    "iron",
    "tiny",
    "red",
    "deep",
    "null",
    "byte",
    "pixel",
    "zen",
    "wild",
    "frost",
    "lucky",
    "sharp",
    "void",
)
_NICK_B = (
    "coder",
    "fox",
    "owl",
    "wolf",
    "hacker",
    "dev",
    "bear",
    "cat",
    "pointer",
    "ninja",
    "panda",
    "lynx",
    "otter",
    "raven",
    "bit",
    "mind",
    "stack",
    "loop",
    "node",
    "kernel",
)


def login_styles(rng: random.Random, ident: Identity) -> list[str]:
    """Candidate GitHub logins in the order this person would try them."""
    first = ascii_fold(ident.first).replace(" ", "")
    last = ascii_fold(ident.last).replace(" ", "")
    roll = rng.random()
    if roll < 0.22:
        base = f"{first}{last}"
    elif roll < 0.40:
        base = f"{first[0]}{last}"
    elif roll < 0.55:
        base = f"{first}-{last}"
    elif roll < 0.63:
        base = f"{first}-{last[0]}"
    elif roll < 0.70:
        base = f"{last}{first[0]}"
    elif roll < 0.78:
        base = f"{first}{last[:3]}"
    elif roll < 0.86:
        base = f"{rng.choice(_NICK_A)}{rng.choice(_NICK_B)}"
    elif roll < 0.92:
        base = f"{first}{rng.randint(80, 99) if rng.random() < 0.5 else rng.randint(1, 30)}"
    else:
        base = f"{first}-{rng.choice(('dev', 'ml', 'ai', 'codes', 'eng'))}"
    if "-" not in base and rng.random() < 0.15:
        base = base[0].upper() + base[1:]  # "Alesiak": GitHub keeps the case people chose
    return [
        base,
        f"{base}{rng.randint(1, 9)}",
        f"{base}-{rng.randint(10, 99)}",
        f"{base}{rng.randint(100, 9999)}",
    ]


def hf_name_styles(rng: random.Random, ident: Identity) -> list[str]:
    """Candidate Hugging Face names that differ from the GitHub login (different habits)."""
    first = ascii_fold(ident.first).replace(" ", "")
    last = ascii_fold(ident.last).replace(" ", "")
    styles = [
        f"{first}{last[0]}",
        f"{first[0]}{last}",
        f"{first.title()}{last.title()}",
        f"{first}-{last}-ml",
        f"{last}{first[:2]}",
        f"{first}{last}-hf",
        f"{first}_{last}",
    ]
    rng.shuffle(styles)
    return [*styles, f"{styles[0]}{rng.randint(2, 999)}"]


# Companies, bios and web presence ----------------------------------------------------------

COMPANIES_BY = (
    "EPAM Systems",
    "@epam",
    "EPAM",
    "iTechArt",
    "Wargaming",
    "Godel Technologies",
    "Andersen",
    "ScienceSoft",
    "Innowise",
    "Exadel",
    "IBA Group",
    "Itransition",
    "LeverX",
    "Intetics",
    "Flo Health",
    "PandaDoc",
    "Viber",
    "Freelance",
    "Self-employed",
    "BSUIR",
    "BSU",
    "Student",
)
COMPANIES_EE = (
    "EPAM Systems",
    "SoftServe",
    "GlobalLogic",
    "Luxoft",
    "Grammarly",
    "MacPaw",
    "Allegro",
    "@allegro",
    "Revolut",
    "JetBrains",
    "Bolt",
    "Vinted",
    "Pipedrive",
    "Wise",
    "Freelance",
    "Self-employed",
    "Student",
)
COMPANIES_WORLD = (
    "Google",
    "@google",
    "Microsoft",
    "@microsoft",
    "Amazon",
    "Meta",
    "Stripe",
    "Shopify",
    "Booking.com",
    "Zalando",
    "SAP",
    "Spotify",
    "Datadog",
    "Cloudflare",
    "Databricks",
    "@databricks",
    "NVIDIA",
    "Infosys",
    "TCS",
    "Flipkart",
    "Grab",
    "ByteDance",
    "Freelance",
    "Independent",
    "Consultant",
)

BIOS: dict[str, tuple[str, ...]] = {
    "rag": (
        "Retrieval and evaluation for production RAG.",
        "Building search & RAG systems that survive production. Hybrid retrieval, reranking, "
        "evals.",
        "AI engineer. Retrieval, rerankers, golden sets.",
        "Search relevance & LLM apps. Python, Qdrant, pgvector.",
        "I make LLMs answer from your documents, and measure whether they do.",
        "Senior AI engineer — RAG, vector search, evaluation pipelines",
        "Делаю RAG и поиск в проде.",
        "Applied AI / search. Ex-backend.",
    ),
    "evaluation": (
        "LLM evaluation: golden datasets, regression suites, LLM-as-judge calibration.",
        "Evals or it didn't happen.",
        "Quality engineering for LLM products. ragas, deepeval, promptfoo.",
        "Measuring LLM systems beyond vibes.",
    ),
    "agentic": (
        "Agents that use tools and recover from their own mistakes.",
        "Agentic systems engineer. LangGraph, tool use, planning, evals for agent loops.",
        "Building multi-step LLM agents in production.",
        "AI engineer — agents, MCP, workflows.",
        "Агенты, LangGraph, продакшн.",
    ),
    "platform": (
        "LLM inference & platform. vLLM, Kubernetes, GPUs, cost.",
        "AI platform engineer: serving, routing, observability.",
        "Making LLM inference cheap and fast.",
        "MLOps → LLMOps. k8s, Ray, vLLM, Langfuse.",
        "Infra for AI products.",
    ),
    "fine_tuning": (
        "Fine-tuning open-weights LLMs. LoRA, QLoRA, DPO. Quantization.",
        "Open-source LLMs, GGUF/AWQ quants, small models that punch above their weight.",
        "ML engineer. Post-training, embeddings, eval.",
    ),
    "ml": (
        "ML engineer. Recommenders, forecasting, now LLMs.",
        "Data scientist turned ML engineer.",
        "Machine learning in production since before it was cool.",
        "ML / MLOps engineer.",
    ),
    "junior": (
        "Junior ML engineer. Learning LLMs.",
        "CS student. Interested in NLP and LLMs.",
        "Aspiring AI engineer 🤖",
        "Python developer learning AI",
        "Студент. Python, ML.",
    ),
    "buzzword": (
        "ChatGPT enthusiast | Prompt engineer | AI 🚀",
        "AI Evangelist 🤖 | GenAI | LLM | Web3 | Building the future",
        "Prompt Engineer 🧠✨ | ChatGPT | Midjourney | AI Automation Expert",
        "🚀 AI Enthusiast | LangChain | OpenAI | Helping businesses leverage AI",
        "Generative AI | LLMs | Agents | RAG | 10x with AI 🔥",
        "AI Expert 🤖 Machine Learning 🧠 Deep Learning 📈 Data Science 📊 Big Data ☁️",
        "Founder | AI Agents | No-code | Automation | Growth hacker 🚀",
        "Certified Prompt Engineer. ChatGPT power user. AGI soon.",
        "Top 1% ChatGPT user 😎 | AI tools reviewer",
    ),
    "backend": (
        "Backend engineer. Django, Postgres, k8s.",
        "Rust and distributed systems.",
        "Kubernetes contributor. SRE.",
        "Go developer.",
        "Frontend engineer. React, TypeScript.",
        "Software engineer. Python, Go.",
        "Java / Kotlin backend.",
        "Full-stack developer",
        "Staff engineer. Databases and queues.",
        "Backend developer 🇧🇾",
    ),
    "casual": ("Developer", "Student", "Hello world!", "Learning to code", "🙂", "Junior dev"),
}

GENERIC_BIOS: tuple[str, ...] = (
    "Software engineer",
    "Software Engineer",
    "Developer",
    "Python developer",
    "Full-stack developer",
    "Engineer",
    "Programmer",
    "Open source enthusiast",
    "Backend developer",
    "Software developer",
    "CS student",
    "PhD student",
    "Researcher",
    "Data scientist",
    "Building things.",
    "Hello world!",
    "Learning every day",
    "Coffee → code",
    "Senior software engineer",
    "Tech lead",
    "Разработчик",
    "Программист",
    *BIOS["casual"],
)
_AREA_BIO_KEYS = ("rag", "evaluation", "agentic", "platform", "fine_tuning", "ml", "backend")


def sparse_bio(rng: random.Random, key: str | None) -> str | None:
    """A bio at the real graph's rates (docs/realworld.md): 40% empty, 25% generic, 15% about
    another area than the person's work, 20% about their own (generic without one)."""
    roll = rng.random()
    if roll < 0.40:
        return None if rng.random() < 0.9 else ""
    if roll < 0.65 or key is None:
        return rng.choice(GENERIC_BIOS)
    if roll < 0.80:
        return rng.choice(BIOS[rng.choice([k for k in _AREA_BIO_KEYS if k != key])])
    return rng.choice(BIOS[key])


_BLOG_HOSTS = (
    "https://{login}.github.io",
    "https://medium.com/@{login}",
    "https://www.linkedin.com/in/{login}",
    "https://t.me/{login}",
    "https://dev.to/{login}",
    "https://habr.com/ru/users/{login}/",
)


def personal_blog(rng: random.Random, login: str) -> str:
    return rng.choice(_BLOG_HOSTS).format(login=login.lower())


def public_email(rng: random.Random, ident: Identity, login: str) -> str:
    first = ascii_fold(ident.first).replace(" ", "")
    last = ascii_fold(ident.last).replace(" ", "")
    local = rng.choice((login.lower(), f"{first}.{last}", f"{first[0]}{last}"))
    return f"{local}@{rng.choice(('example.com', 'example.org'))}"
