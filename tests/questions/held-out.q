# kg reader questions: held-out set (about 25% of the entries; mostly every 4th
# entry written). Do not tune against these.
# Plain-English questions a newspaper reader might ask about the three source
# articles, each with a formal kg pattern and its expected answer values.
# Entry: [ARTICLE_ID:LINE] shape-tag, "? " question lines (paraphrases of one
# question), one "pattern: " line, "= " expected values. Entries are separated
# by one blank line. The tuning set is in tuning.q.

[000_fc729ba78c68ed91:3] how
? How is Huang's visit to China described in the piece on his strategic diplomacy?
pattern: select ?d where "Jensen Huang" visited China {described_as: ?d, source: "000_fc729ba78c68ed91"}
= "significant moment"
= "technological and diplomatic dialogue"
= "recent"

[000_fc729ba78c68ed91:5] which
? Which relations is Nvidia having to navigate?
pattern: select ?x where Nvidia navigates ?x . ?x is_a relationship
= U.S.-China relations

[000_fc729ba78c68ed91:7] within-what
? Within what period did Huang make his third trip to China?
pattern: select ?p where "Jensen Huang" visited China {trip_number: 3, period: ?p, source: "000_fc729ba78c68ed91"}
= "within six months"

[000_fc729ba78c68ed91:7] how
? How does the article on Nvidia's reentry describe China's importance as a market?
pattern: select ?d where China key_market_for Nvidia {described_as: ?d, source: "000_fc729ba78c68ed91"}
= "critical market"
= "vital role in strategic plans"

[000_fc729ba78c68ed91:7] according-to
? According to whom does Nvidia expect to resume H20 sales in China?
pattern: select ?w where Nvidia expects_to_resume_sales_of H20 {according_to: ?w}
= Jensen Huang

[000_fc729ba78c68ed91:8] what
? In what conditions did Huang talk to the press in Beijing?
? What was the weather like when Huang met the press?
pattern: select ?c where "Jensen Huang" spoke_to press {conditions: ?c}
= "intense summer heat"

[000_fc729ba78c68ed91:8] what-kind
? What kind of resource are rare earths?
pattern: select ?c where "rare earths" is_a ?c
= essential resource
= resource

[000_fc729ba78c68ed91:9] who
? Which Chinese Vice Premier did Huang meet?
? Who is the Vice Premier that Huang met?
pattern: select ?x where "Jensen Huang" met ?x . ?x position "Vice Premier"
= He Lifeng

[000_fc729ba78c68ed91:9] what
? What did Huang and He Lifeng discuss?
? What topics came up between Huang and the Vice Premier?
pattern: select ?t where "Jensen Huang" discussed ?t {counterpart: "He Lifeng"}
= tech collaboration
= technological partnerships

[000_fc729ba78c68ed91:10] with-whom
? With whom did Huang discuss robotics?
? Who did Huang talk robotics with?
pattern: select ?c where "Jensen Huang" discussed robotics {counterpart: ?c}
= Lei Jun

[000_fc729ba78c68ed91:10] noun-phrase
? Who is Xiaomi's CEO?
? Who is the chief executive of Xiaomi?
pattern: select ?x where ?x ceo_of Xiaomi
= Lei Jun

[000_fc729ba78c68ed91:10] which
? Which sectors does Nvidia want to be part of?
? In which Chinese sectors does Nvidia aim to play an integral part?
pattern: select ?s where Nvidia aims_to_be_part_of ?s
= Chinese AI sector
= Chinese automotive sector

[000_fc729ba78c68ed91:10] yes-no
? Did Huang discuss robotics with He Lifeng?
pattern: "Jensen Huang" discussed robotics {counterpart: "He Lifeng"}
= false

[000_fc729ba78c68ed91:11] what
? Which part of Nvidia's business in China did the export controls hit?
pattern: select ?a where "U.S. export controls" impacted Nvidia {place: China, aspect: ?a}
= "sales"

[000_fc729ba78c68ed91:12] possessive
? What is Nvidia's vision?
? Describe Nvidia's vision.
pattern: select ?v where Nvidia has_vision ?v
= "continuous technological progression"

[000_fc729ba78c68ed91:9] provenance
? Which article reports Huang's meeting with He Lifeng?
pattern: select ?s where "Jensen Huang" met "He Lifeng" {source: ?s}
= 000_fc729ba78c68ed91

[000_fc729ba78c68ed91:3] yes-no
? Is the H20 a chip?
pattern: H20 is_a chip
= true

[000_fc729ba78c68ed91:11] yes-no
? Did the Trump administration impose export controls?
pattern: "Trump administration" imposed "U.S. export controls"
= true

[002_718fc69976c48c51:2] which
? Which organization does Ren Huabin lead?
pattern: select ?o where "Ren Huabin" president_of ?o
= China Council for the Promotion of International Trade

[002_718fc69976c48c51:2] count-times
? How many times has Huang been to mainland China this year?
? Which trip to mainland China this year was Huang's July visit?
pattern: select ?n where "Jensen Huang" visited China {period: "this year", trip_number: ?n}
= 3

[002_718fc69976c48c51:2] when
? On which date did Huang return to Beijing?
pattern: select ?d where "Jensen Huang" visited Beijing {described_as: "return", date: ?d}
= 2025-07-15

[002_718fc69976c48c51:3] how
? How did Huang's outfit compare with what he wore before?
pattern: select ?d where "Jensen Huang" wore ?w {described_as: ?d}
= "departure from previous formal attire"

[002_718fc69976c48c51:4] what
? What does Nvidia plan to resume selling in China?
pattern: select ?x where Nvidia plans_to_resume_sales_of ?x {place: China}
= H20

[002_718fc69976c48c51:4] where
? Where can the H20 now be shipped, according to Huang?
pattern: select ?x where H20 available_for_shipment_to ?x {according_to: "Jensen Huang"}
= China

[002_718fc69976c48c51:4] provenance
? Where is the H20 export licence reported?
? Which article covers the approval of the H20 export license?
pattern: select distinct ?s where H20 export_license_approved_by ?g {source: ?s}
= 002_718fc69976c48c51

[002_718fc69976c48c51:5] which
? Which market is the RTX PRO tailored for?
? Which market does the RTX PRO target?
pattern: select distinct ?m where "RTX PRO" targets_market ?m
= China

[002_718fc69976c48c51:5] request
? List the products Nvidia makes.
? Which products does Nvidia make?
? Show the products made by Nvidia.
pattern: select ?p where Nvidia makes ?p
= H20
= RTX PRO

[002_718fc69976c48c51:5] yes-no
? Is the RTX PRO designed for robotics?
pattern: "RTX PRO" designed_for robotics
= false

[002_718fc69976c48c51:7] in-which
? In which countries does Huang promote AI?
? Where does Jensen Huang promote artificial intelligence?
pattern: select ?p where "Jensen Huang" promotes "artificial intelligence" {place: ?p}
= United States
= China

[002_718fc69976c48c51:8] in-which
? In which regions does Nvidia support AI adoption?
? Where does Nvidia want to help AI get adopted?
pattern: select ?p where Nvidia supports "AI adoption" {place: ?p}
= Latin America
= Europe
= Asia

[002_718fc69976c48c51:8] what
? At what kind of moment does Huang say the world has arrived?
pattern: select ?c where "artificial intelligence" described_as ?d {context: ?c}
= "pivotal moment"

[002_718fc69976c48c51:9] when
? When did Huang hold talks with Ren Huabin in China before July?
? In which month did Huang return to China for discussions with Ren Huabin?
pattern: select ?d where "Jensen Huang" held_talks_with "Ren Huabin" {place: China, date: ?d}
= 2025-04

[002_718fc69976c48c51:9] amount
? Is the 4,000 employee figure exact or approximate?
pattern: select ?a where Nvidia employees_in_china 4000 {approximate: ?a}
= "nearly"

[002_718fc69976c48c51:10] when
? When did Nvidia disclose its plans to lease more office space?
? In which month did Nvidia reveal its Shanghai office plans?
pattern: select ?d where Nvidia plans_to_lease_office_in Shanghai {date: ?d}
= 2025-05

[002_718fc69976c48c51:10] where
? In which city does Nvidia already have staff in need of more office space?
pattern: select ?x where Nvidia has_staff_in ?x
= Shanghai

[002_718fc69976c48c51:11] possessive
? What is Nvidia's market value?
? How much is Nvidia worth?
? Nvidia's market value
pattern: select ?v where Nvidia market_value_usd ?v
= 4000000000000

[002_718fc69976c48c51:11] how-much
? How much is Huang's net worth?
? What is Jensen Huang's personal fortune?
? Huang's net worth
pattern: select ?v where "Jensen Huang" net_worth_usd ?v
= 144000000000

[002_718fc69976c48c51:11] yes-no
? Is Nvidia's market value $4 trillion?
pattern: Nvidia market_value_usd 4000000000000
= true

[002_718fc69976c48c51:11] which
? On which list is Huang ranked ninth?
pattern: select ?l where "Jensen Huang" wealth_rank 9 {list: ?l}
= "world's wealthiest"

[002_718fc69976c48c51:9] yes-no
? Did Huang visit Taiwan earlier this year?
pattern: "Jensen Huang" visited Taiwan {period: "earlier in the year"}
= true

[004_0eb38d3b48af7277:1] in-which
? In which race does Nvidia play an important role?
? What global competition does Nvidia take part in?
pattern: select ?x where Nvidia participates_in ?x
= global AI race

[004_0eb38d3b48af7277:1] what
? Amid what tensions did Nvidia decide to resume H20 sales?
pattern: select ?a where Nvidia decided_to_resume_sales_of H20 {amid: ?a}
= "U.S.-China tech tensions"

[004_0eb38d3b48af7277:1] how
? How does the article on the Beijing welcome portray Huang?
pattern: select ?d where "Jensen Huang" described_as ?d {source: "004_0eb38d3b48af7277"}
= "popular"

[004_0eb38d3b48af7277:1] provenance
? Which article reports Huang's rockstar welcome in Beijing?
pattern: select ?s where "Jensen Huang" received "rockstar welcome" {source: ?s}
= 004_0eb38d3b48af7277

[004_0eb38d3b48af7277:2] to-whom
? To whom was Huang likened?
pattern: select ?x where "Jensen Huang" compared_to ?x
= "celebrity"

[004_0eb38d3b48af7277:2] who
? Who mobbed Huang?
? By whom was Huang mobbed?
? Which groups swarmed Huang in public?
pattern: select ?x where ?x mobbed "Jensen Huang"
= fans
= tech enthusiasts
= media

[004_0eb38d3b48af7277:2] among-whom
? Among whom does Huang enjoy cult status?
? In which community does Huang have a cult following?
pattern: select ?x where "Jensen Huang" cult_status_among ?x
= Chinese AI community

[004_0eb38d3b48af7277:2] how-many
? How many groups mobbed Huang?
pattern: count ?x where ?x mobbed "Jensen Huang"
= 3

[004_0eb38d3b48af7277:3] what
? What is expected to drive the H20's role in China?
pattern: select distinct ?a where H20 expected_to_support ?x {aspect: ?a}
= "growing demand"

[004_0eb38d3b48af7277:3] provenance
? Which article says the H20 is part of the China-specific lineup?
pattern: select ?s where H20 part_of "Nvidia China-specific lineup" {source: ?s}
= 004_0eb38d3b48af7277

[004_0eb38d3b48af7277:4] how-long
? How long has Nvidia been navigating export regulations?
? For how long has Nvidia been dealing with U.S. export controls?
pattern: select ?p where Nvidia navigates "export regulations" {period: ?p}
= "months"

[004_0eb38d3b48af7277:4] how
? How big is China's AI market?
? How large is the Chinese AI market?
pattern: select ?s where China is_a "AI market" {size: ?s}
= "one of the world's largest"

[004_0eb38d3b48af7277:5] why
? Why are global chipmakers recalibrating their strategies?
pattern: select ?p where "global chipmakers" described_as ?d {purpose: ?p}
= "maintain growth"

[004_0eb38d3b48af7277:7] yes-no
? Does The Mainstream have an Instagram account?
pattern: "The Mainstream" has_account_on Instagram
= true

[004_0eb38d3b48af7277:9] how-many
? How many markets does The Mainstream target?
pattern: count ?x where "The Mainstream" targets_market ?x
= 4

[004_0eb38d3b48af7277:9] how
? How does The Mainstream describe itself as a news platform?
pattern: select ?d where "The Mainstream" is_a "news platform" {described_as: ?d}
= "premier"

[004_0eb38d3b48af7277:9] possessive
? What is The Mainstream's vision?
pattern: select ?x where "The Mainstream" has_vision ?x
= "technology-centred conversations"

[004_0eb38d3b48af7277:9] provenance
? Which article mentions The Mainstream's rebranding?
pattern: select ?s where "The Mainstream" rebranded_on ?d {source: ?s}
= 004_0eb38d3b48af7277
