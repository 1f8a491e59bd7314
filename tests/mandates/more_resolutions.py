"""Four more real Security Council resolutions, laid out and rendered as in ``real_resolutions``.

Written with the blocks of tests/mandates/real_resolutions.py (``P`` preamble, ``N`` numbered,
``R`` roman), rendered by its ``as_extracted_text`` and ``as_pdf``. The wording is the published
one, quoted from the sources named beside each fixture; what is not verbatim is said there. The
document codes (``job``) are not given by the sources: each is a placeholder of the right shape.
"""

from __future__ import annotations

from datetime import date

from tests.mandates.real_resolutions import N, P, R, Resolution

# MONUC, phase III of the deployment, November 2001. Preamble and operative paragraphs 1-4 and
# 6-15 verbatim (straight apostrophes as there) from the surrounding passages and target block
# of S/RES/1376 (2001) quoted in a public evaluation log (search index file id 70850642817);
# paragraph 5 is not in that copy, so the fixture's 5-14 are the original's 6-15. Paragraph 12
# (here 11) lists its steps (i)-(vii) directly under the number, with no lettered level.
RES_1376 = Resolution(
    number=1376,
    year=2001,
    adopted=date(2001, 11, 9),
    meeting="4412th",
    job="01-63001",
    sources=("S/RES/1376 (2001) as quoted in a public GitHub evaluation log (see comment)",),
    hyphenate=frozenset({"demilitarized", "demobilization"}),
    blocks=(
        P("Recalling", "its previous resolutions and statements by its President,"),
        P(
            "Reaffirming",
            "the obligation of all States to refrain from the use of force against the "
            "territorial integrity and political independence of any State, or in any other "
            "manner inconsistent with the purposes of the United Nations, and reaffirming also "
            "the political independence, the territorial integrity and the sovereignty of the "
            "Democratic Republic of the Congo, including over its natural resources,",
        ),
        P(
            "Taking note",
            "of the Secretary-General's report of 16 October 2001 (S/2001/970) and its "
            "recommendations,",
        ),
        P(
            "Welcoming",
            "the participation of the Political Committee for the implementation of the Lusaka "
            "Ceasefire Agreement (S/1999/818) in joint meetings held on 9 November 2001,",
        ),
        P(
            "Determining",
            "that the situation in the Democratic Republic of the Congo continues to pose a "
            "threat to international peace and security in the region,",
        ),
        N(
            1,
            "Welcomes",
            "the general respect for the ceasefire among the parties to the Lusaka Ceasefire "
            "Agreement, expresses nonetheless its concern at the hostilities in areas of the "
            "eastern Democratic Republic of the Congo and calls on the parties to cease any form "
            "of support to the armed groups, particularly in the east of the country;",
        ),
        N(
            2,
            "Welcomes",
            "the withdrawal of some foreign forces from the Democratic Republic of the Congo, "
            "including the full Namibian contingent, as a positive step towards the full "
            "withdrawal of all foreign forces, and requests all States that have not yet done so "
            "to begin to implement, without delay, their full withdrawal in accordance with "
            "resolution 1304 (2000) of 16 June 2000;",
        ),
        N(
            3,
            "Demands",
            "once again that Kisangani be demilitarized rapidly and unconditionally in "
            "accordance with Security Council resolution 1304 (2000), takes note of the pledge by "
            "the RCD-Goma during the 4411th meeting of 9 November 2001 fully to demilitarize the "
            "city, welcomes the decision of the Secretary-General to further deploy MONUC "
            "personnel in this city, notably to contribute to the training of police, stresses "
            "that, once demilitarized, no party will be permitted to reoccupy the city militarily "
            "and welcomes in this regard the pledge by the Government of the DRC, during the same "
            "meeting, to respect this provision;",
        ),
        N(
            4,
            "Expresses",
            "its support for the inter-Congolese dialogue, one of the key elements of the peace "
            "process, and for all efforts to promote this process, calls on the Congolese parties "
            "to work together for the success of the dialogue, and expresses its support for the "
            "Facilitator and his call on the parties to make the dialogue fully inclusive;",
        ),
        N(
            5,
            "Expresses",
            "its serious concern with regard to the humanitarian situation in the DRC and calls "
            "on the international community to increase, without delay, its support for "
            "humanitarian activities;",
        ),
        N(
            6,
            "Expresses",
            "its serious concern with regard to the economic difficulties facing the Democratic "
            "Republic of the Congo, stresses that progress in the peace process and the economic "
            "recovery and development of the country are interdependent, and in this regard "
            "underlines the urgent need for increased international economic assistance in "
            "support of the peace process;",
        ),
        N(
            7,
            "Reiterates",
            "its condemnation of all illegal exploitation of the natural resources of the "
            "Democratic Republic of the Congo, demands that such exploitation cease and stresses "
            "that the natural resources of the Democratic Republic of the Congo should not be "
            "exploited to finance the conflict in that country;",
        ),
        N(
            8,
            "Emphasizes",
            "that there are links between the peace processes in Burundi and in the Democratic "
            "Republic of the Congo and, welcoming the recent progress in the Burundi process, "
            "invites the parties to the Lusaka Ceasefire Agreement to work with the Burundian "
            "authorities to advance these two processes;",
        ),
        N(
            9,
            "Supports",
            "the launching of phase III of the deployment of the United Nations Organization "
            "Mission in the Democratic Republic of the Congo (MONUC) on the basis of the concept "
            "of operations detailed in paragraphs 59 to 87 of the Secretary-General's report "
            "(S/2001/970) and stresses, in this regard, the importance it attaches to the "
            "deployment of MONUC in the east of the Democratic Republic of the Congo, in "
            "conformity with the new concept of operation and within the overall ceiling, "
            "including in the cities of Kindu and Kisangani;",
        ),
        N(
            10,
            "Notes",
            "with concern the joint communiqu\u00e9 issued on 4 November 2001 by the Secretaries "
            "General of the Mouvement de Lib\u00e9ration du Congo and of the Rassemblement "
            "Congolais pour la D\u00e9mocratie concerning the deployment of a joint special force "
            "in Kindu, and stresses that appropriate conditions will be necessary to allow MONUC "
            "to fulfil its role in Kindu and to ensure that discussions on the voluntary "
            "disarmament and demobilization of concerned armed groups take place in a neutral "
            "environment;",
        ),
        N(
            11,
            "Affirms",
            "that the implementation of phase III of the deployment of MONUC requires the "
            "following steps from the parties and requests the Secretary-General to report on "
            "progress thereon:",
        ),
        R(
            "i",
            "The transmission to MONUC, as soon as possible and in accordance with its "
            "resolution 1355 (2001) of 15 June 2001, of the necessary operational information for "
            "the planning of MONUC support for the process of total withdrawal of foreign troops "
            "present in the territory of the Democratic Republic of the Congo, including the "
            "number of foreign military personnel in the territory of the DRC, their equipment "
            "and armament, their exit routes, and a precise timetable for implementation;",
        ),
        R(
            "ii",
            "The transmission to MONUC, as soon as possible and in accordance with its "
            "resolution 1355 (2001), of the necessary operational information for the planning "
            "of MONUC's mandated role in the process of disarmament, demobilization, "
            "repatriation, resettlement and reintegration (DDRRR) programme for the armed groups "
            "referred to in annex A, chapter 9.1 of the Lusaka Ceasefire Agreement, including the "
            "number of persons concerned, their equipment and armament, their location, their "
            "intentions, as well as a precise timetable for implementation;",
        ),
        R(
            "iii",
            "The establishment of a direct dialogue between the governments of the Democratic "
            "Republic of the Congo and Rwanda leading to confidence building and a joint "
            "mechanism for coordination, and exchanges of information regarding the DDRRR "
            "process;",
        ),
        R(
            "iv",
            "The establishment by the governments of the countries concerned, in particular "
            "Rwanda, and noting steps taken so far, of conditions conducive to voluntary DDRRR of "
            "the members of the armed groups concerned, in particular, by assuring the "
            "protection of the personal safety of the members of these armed groups, their civil "
            "rights and their economic reintegration including with the assistance of the donor "
            "community;",
        ),
        R("v", "The demilitarization of Kisangani;"),
        R(
            "vi",
            "The full restoration of freedom of movement for persons and goods between Kinshasa "
            "and Kisangani and throughout the country;",
        ),
        R(
            "vii",
            "The full cooperation by the parties with MONUC military and logistical operations, "
            "as well as its humanitarian, human rights, and child protection activities, "
            "including by permitting unrestricted access to ports and airports, and by "
            "refraining from introducing administrative and other impediments;",
        ),
        N(
            12,
            "Expresses",
            "its satisfaction at the partnership established with the parties to the Lusaka "
            "Ceasefire Agreement, strengthened by regular contacts between the Political "
            "Committee for the implementation of that Agreement and the Council, and reiterates "
            "its firm determination to continue to provide assistance to the parties in their "
            "efforts to achieve peace;",
        ),
        N(
            13,
            "Commends",
            "the outstanding work of MONUC personnel in challenging conditions, and pays tribute "
            "in particular to the efforts of the Special Representative of the Secretary-General;",
        ),
        N(14, "Decides", "to remain actively seized of the matter."),
    ),
)

# UNOMIG (named only "the United Nations mission" after the August 2008 war), technical
# extension of October 2008. Complete: preamble and operative paragraphs as the UN press release
# SC/9470 (https://www.un.org/press/en/2008/sc9470.doc.htm) and Civil Georgia
# (https://old.civil.ge/eng/_print.php?id=21076) give them; the preambular paragraphs end with a
# comma as in Civil Georgia's copy of the resolution (the press release puts semicolons).
RES_1839 = Resolution(
    number=1839,
    year=2008,
    adopted=date(2008, 10, 9),
    meeting="5992nd",
    job="08-54321",
    sources=(
        "https://www.un.org/press/en/2008/sc9470.doc.htm",
        "https://old.civil.ge/eng/_print.php?id=21076",
    ),
    blocks=(
        P(
            "Recalling",
            "all its relevant resolutions including resolution 1808 of 15 April 2008 (S/RES/1808),",
        ),
        P(
            "Taking note",
            "of the reports of the Secretary-General of 23 July 2008 (S/2008/480) and 3 October "
            "2008 (S/2008/631),",
        ),
        N(
            1,
            "Decides",
            "to extend the mandate of the United Nations mission for a new period terminating "
            "on 15 February 2009;",
        ),
        N(2, "Decides", "to remain actively seized of the matter."),
    ),
)

# UNSMIL, two-week extension of March 2015. Complete: the press release SC/11808
# (https://press.un.org/en/2015/sc11808.doc.htm) and Law Global Hub
# (https://lawglobalhub.com/?p=52311, whose copy lost the number of paragraph 1).
RES_2208 = Resolution(
    number=2208,
    year=2015,
    adopted=date(2015, 3, 5),
    meeting="7399th",
    job="15-03615",
    sources=(
        "https://press.un.org/en/2015/sc11808.doc.htm",
        "https://lawglobalhub.com/?p=52311",
    ),
    blocks=(
        P("Recalling", "its resolution 1970 (2011) and all its subsequent resolutions on Libya,"),
        P(
            "Taking note",
            "of the report of the Secretary-General on the United Nations Support Mission in "
            "Libya (UNSMIL) (S/2015/144),",
        ),
        P(
            "Taking note also",
            "of the special report of the Secretary-General on the strategic assessment of the "
            "UN presence in Libya (S/2015/113) including the recommendations on the configuration "
            "of the UN presence made therein,",
        ),
        P(
            "Supporting",
            "the ongoing efforts of the Special Representative of the Secretary-General to "
            "facilitate a political solution to the increasing challenges facing the country,",
        ),
        P(
            "Recognizing,",
            "in the current circumstances, the need for a short extension of the mandate of "
            "UNSMIL,",
        ),
        P(
            "Recognizing also",
            "the need for a short extension of the authorizations provided by and the measures "
            "imposed by resolution 2146 (2014),",
        ),
        P(
            "Determining",
            "that the situation in Libya continues to constitute a threat to international peace "
            "and security,",
        ),
        P("Acting", "under Chapter VII of the Charter of the United Nations,"),
        N(
            1,
            "Decides",
            "to extend until 31 March 2015 the authorizations provided by and the measures "
            "imposed by resolution 2146 (2014);",
        ),
        N(
            2,
            "Decides",
            "to extend until 31 March 2015 the mandate of UNSMIL, as set out in paragraph 6 of "
            "resolution 2144 (2014), under the leadership of the Special Representative of the "
            "Secretary-General, in full accordance with the principles of national ownership;",
        ),
        N(3, "Decides", "to remain seized of the matter."),
    ),
)

# MINUSCA, technical rollover of November 2018, between RES_2387 and RES_2448 of
# real_resolutions (the mandate of 2387 kept for a month while the Council negotiated 2448).
# Complete, as the official text is reproduced by http://unscr.com/en/resolutions/2446 (the
# closing full stop, lost in that copy, restored); confirmed by the press release SC/13579.
RES_2446 = Resolution(
    number=2446,
    year=2018,
    adopted=date(2018, 11, 15),
    meeting="8401st",
    job="18-19473",
    sources=(
        "http://unscr.com/en/resolutions/2446",
        "https://press.un.org/en/2018/sc13579.doc.htm",
    ),
    blocks=(
        P(
            "Recalling",
            "its previous resolutions and statements on the Central African Republic (CAR), in "
            "particular resolutions 2121 (2013), 2127 (2013), 2134 (2014), 2149 (2014), 2181 "
            "(2014), 2196 (2015), 2212 (2015), 2217 (2015), 2262 (2016), 2264 (2016), 2281 "
            "(2016), 2301 (2016), 2339 (2017), 2387 (2017), 2399 (2018), as well as resolution "
            "2272 (2016), and its Presidential Statements S/PRST/2014/28 of 18 December 2014, "
            "S/PRST/2015/17 of 20 October 2015, S/PRST/2016/17 of 16 November 2016, "
            "S/PRST/2017/5 of 4 April 2017, S/PRST/2017/9 of 13 July 2017 and S/PRST/2018/14 of "
            "13 July 2018,",
        ),
        P(
            "Taking note",
            "of the Report of the Secretary-General of 15 October 2018 (S/2018/922) which builds "
            "on the findings and recommendations of the independent strategic review of the "
            "United Nations Multidimensional Integrated Stabilization Mission in the Central "
            "African Republic (MINUSCA) conducted in June-September 2018,",
        ),
        P(
            "Determining",
            "that the situation in the Central African Republic continues to constitute a threat "
            "to international peace and security,",
        ),
        P("Acting", "under Chapter VII of the Charter of the United Nations,"),
        N(
            1,
            "Decides",
            "to extend until 15 December 2018 the mandate of MINUSCA as set out in resolution "
            "2387 (2017);",
        ),
        N(2, "Decides", "to remain actively seized of the matter."),
    ),
)

MORE_RESOLUTIONS = (RES_1376, RES_1839, RES_2208, RES_2446)
