# kg reader questions: tuning set (about 75% of the entries).
# Plain-English questions a newspaper reader might ask about the three source
# articles, each with a formal kg pattern and its expected answer values.
# Entry: [ARTICLE_ID:LINE] shape-tag, "? " question lines (paraphrases of one
# question), one "pattern: " line, "= " expected values. Entries are separated
# by one blank line. The held-out set is in held-out.q.

[000_fc729ba78c68ed91:3] noun-phrase
? Who is the CEO of Nvidia?
? Who runs Nvidia?
? Name Nvidia's chief executive.
? the CEO of Nvidia
pattern: select ?who where ?who ceo_of Nvidia
= Jensen Huang

[000_fc729ba78c68ed91:3] what
? What did Huang engage in during his China trip?
? What kinds of engagement is Jensen Huang's visit said to involve?
pattern: select ?x where "Jensen Huang" engaged_in ?x
= "strategic diplomacy"
= "technological exchange"
= "broader diplomatic engagement"

[000_fc729ba78c68ed91:1] which
? Which market is Nvidia reentering?
? Into which market is Nvidia making its comeback?
pattern: select ?m where Nvidia returned_to_market ?m
= China

[000_fc729ba78c68ed91:3] how
? How is Nvidia's return to the Chinese market characterized?
? In what terms is Nvidia's comeback in China described?
pattern: select ?d where Nvidia returned_to_market China {described_as: ?d}
= "reentry"
= "pivotal reconnection"

[000_fc729ba78c68ed91:3] what
? Which chips does Nvidia expect to start selling again?
? What product is Nvidia expecting to resume sales of?
pattern: select distinct ?x where Nvidia expects_to_resume_sales_of ?x
= H20

[000_fc729ba78c68ed91:3] how
? How are Nvidia's moves through international trade regulations described?
pattern: select ?d where Nvidia navigates "international trade regulations" {described_as: ?d}
= "strategic maneuvers"

[000_fc729ba78c68ed91:5] what
? After what are Nvidia's H20 sales expected to resume?
? What must happen before Nvidia resumes selling the H20?
pattern: select ?a where Nvidia expects_to_resume_sales_of H20 {after: ?a}
= "diplomatic talks"
= "regulatory adjustments"

[000_fc729ba78c68ed91:7] count-times
? How many times has Huang traveled to China within six months?
? Which trip to China in six months was this one for Huang?
? How many China trips has Jensen Huang made in the last six months?
pattern: select ?n where "Jensen Huang" visited China {trip_number: ?n, period: "within six months"}
= 3

[000_fc729ba78c68ed91:7] what
? What did Huang announce in China?
? What announcement did Jensen Huang make while in China?
pattern: select ?x where "Jensen Huang" announced ?x {place: China}
= H20 sales resumption

[000_fc729ba78c68ed91:7] how
? How did Huang present the prospect of resuming H20 sales?
pattern: select ?d where "Jensen Huang" announced "H20 sales resumption" {described_as: ?d}
= "optimistic possibility"

[000_fc729ba78c68ed91:7] why
? Why had H20 sales to China been put on hold?
? What was the reason H20 sales in China were halted?
pattern: select ?r where H20 sales_restricted_in China {reason: ?r}
= "regulatory barriers"

[000_fc729ba78c68ed91:7] how
? How advanced is the H20 chip?
pattern: select ?d where H20 described_as ?d
= "less advanced"

[000_fc729ba78c68ed91:7] yes-no
? Were sales of the H20 restricted in China?
pattern: H20 sales_restricted_in China
= true

[000_fc729ba78c68ed91:7] how
? How is China's tech market described?
pattern: select ?d where China described_as ?d
= "rapidly advancing tech market"

[000_fc729ba78c68ed91:7] to-whom
? To whom is China a key market?
? For which company is China a critical market?
pattern: select distinct ?x where China key_market_for ?x
= Nvidia

[000_fc729ba78c68ed91:7] how
? How is Nvidia's commitment to the Chinese market described in the reentry article?
pattern: select ?d where Nvidia committed_to_market China {described_as: ?d, source: "000_fc729ba78c68ed91"}
= "renewed strategic focus"
= "maintaining foothold"

[000_fc729ba78c68ed91:8] where
? Where did Huang speak to the press?
? In which city did Huang hold his press interaction?
pattern: select ?p where "Jensen Huang" spoke_to press {place: ?p}
= Beijing

[000_fc729ba78c68ed91:8] to-whom
? To whom did Huang speak in Beijing?
pattern: select ?x where "Jensen Huang" spoke_to ?x {place: Beijing}
= press

[000_fc729ba78c68ed91:8] what
? What did Huang talk about with the press?
pattern: select ?t where "Jensen Huang" spoke_to press {topic: ?t}
= "diplomatic negotiations"

[000_fc729ba78c68ed91:8] which
? Which resource were the U.S. and China discussing exchanging?
? What materials were part of the U.S.-China exchange Huang mentioned?
pattern: select ?t where "United States" held_talks_with China {topic: ?t, according_to: "Jensen Huang"}
= rare earths

[000_fc729ba78c68ed91:8] with-whom
? With whom did the United States hold talks over rare earths?
pattern: select distinct ?x where "United States" held_talks_with ?x {topic: "rare earths"}
= China

[000_fc729ba78c68ed91:8] how
? How are global supply chains described?
pattern: select ?d where "global supply chains" described_as ?d
= "intertwined"

[000_fc729ba78c68ed91:8] what
? What could the U.S.-China talks on rare earths lead to?
pattern: select ?o where "United States" held_talks_with China {outcome: ?o}
= "possible revival of Nvidia chip sales"

[000_fc729ba78c68ed91:8] among-whom
? Among which countries were rare earths discussed?
pattern: select ?a ?b where ?a held_talks_with ?b {topic: "rare earths"}
= United States
= China

[000_fc729ba78c68ed91:9] how
? How did Huang describe his meeting with He Lifeng?
? What word did Huang use for his meeting with Vice Premier He Lifeng?
? In what spirit, according to Huang, did his talks with He Lifeng take place?
pattern: select ?d where "Jensen Huang" met "He Lifeng" {described_as: ?d}
= "amicable"

[000_fc729ba78c68ed91:9] what
? What position does He Lifeng hold?
? What is He Lifeng's title?
pattern: select ?p where "He Lifeng" position ?p
= Vice Premier

[000_fc729ba78c68ed91:9] in-which
? In which country is He Lifeng Vice Premier?
pattern: select ?c where "He Lifeng" position "Vice Premier" {country: ?c}
= China

[000_fc729ba78c68ed91:9] what
? What did Huang's talks with He Lifeng leave out?
pattern: select ?e where "Jensen Huang" discussed ?t {counterpart: "He Lifeng", excluding: ?e}
= "trade restriction specifics"

[000_fc729ba78c68ed91:9] what
? Despite what were better technological partnerships discussed?
pattern: select ?a where "Jensen Huang" discussed "technological partnerships" {amid: ?a}
= "geopolitical tensions"

[000_fc729ba78c68ed91:9] how
? How was Huang's stance on technological partnerships described?
pattern: select ?d where "Jensen Huang" discussed "technological partnerships" {described_as: ?d}
= "forward-looking"

[000_fc729ba78c68ed91:10] which
? Which company does Lei Jun run?
pattern: select ?c where "Lei Jun" ceo_of ?c
= Xiaomi

[000_fc729ba78c68ed91:10] request
? List the topics Huang discussed with Lei Jun.
? Tell me what Huang and Lei Jun talked about.
pattern: select ?t where "Jensen Huang" discussed ?t {counterpart: "Lei Jun"}
= artificial intelligence
= large language models
= autonomous driving
= robotics

[000_fc729ba78c68ed91:10] yes-no
? Did Huang meet Lei Jun?
pattern: "Jensen Huang" met "Lei Jun"
= true

[000_fc729ba78c68ed91:10] how-many
? How many topics did Huang discuss with Lei Jun?
pattern: count ?t where "Jensen Huang" discussed ?t {counterpart: "Lei Jun"}
= 4

[000_fc729ba78c68ed91:10] what
? For what purpose did Huang discuss AI with Lei Jun?
pattern: select ?p where "Jensen Huang" discussed "artificial intelligence" {counterpart: "Lei Jun", purpose: ?p}
= "collaboration"

[000_fc729ba78c68ed91:11] who
? Who imposed the export controls that hit Nvidia's China sales?
? By whom were the U.S. export controls imposed?
pattern: select ?x where ?x imposed "U.S. export controls"
= Trump administration

[000_fc729ba78c68ed91:11] how
? What stance did Huang take on the export controls?
? How did Huang position himself on the Trump administration's export controls?
pattern: select ?s where "Jensen Huang" took_stance_on "export controls" {stance: ?s}
= "neutral"

[000_fc729ba78c68ed91:11] who
? Whom did Huang brief on the industry landscape?
pattern: select ?x where "Jensen Huang" informed ?x {topic: "industry landscape"}
= United States government

[000_fc729ba78c68ed91:11] what
? What did Huang tell U.S. leadership about?
pattern: select ?t where "Jensen Huang" informed "U.S. leadership" {topic: ?t}
= "industry landscape"

[000_fc729ba78c68ed91:11] what
? What lies outside Huang's direct influence?
? What is Huang unable to directly influence?
pattern: select ?x where "Jensen Huang" lacks_direct_influence_on ?x
= regulatory easing

[000_fc729ba78c68ed91:11] what
? What does Huang advocate?
pattern: select ?x where "Jensen Huang" advocates ?x
= dialogue with policymakers

[000_fc729ba78c68ed91:11] how
? How important does Huang consider dialogue with policymakers?
pattern: select ?d where "Jensen Huang" advocates "dialogue with policymakers" {described_as: ?d}
= "crucial"

[000_fc729ba78c68ed91:11] yes-no
? Is Lei Jun the CEO of Nvidia?
pattern: "Lei Jun" ceo_of Nvidia
= false

[000_fc729ba78c68ed91:12] what
? Beyond which chip does Nvidia plan to expand its offerings?
pattern: select ?x where Nvidia plans_to_expand_beyond ?x
= H20

[000_fc729ba78c68ed91:12] when
? When does Nvidia plan to expand beyond the H20?
pattern: select ?p where Nvidia plans_to_expand_beyond H20 {period: ?p}
= "eventually"

[000_fc729ba78c68ed91:12] how
? How has Nvidia responded to regulatory changes?
pattern: select ?d where Nvidia navigates "regulatory changes" {described_as: ?d}
= "agile"

[000_fc729ba78c68ed91:16] what
? Under which heading does the key insights table list the H20 sales resumption?
pattern: select ?c where Nvidia expects_to_resume_sales_of H20 {category: ?c}
= "trade resumption"

[000_fc729ba78c68ed91:17] what
? What topics did the U.S.-China diplomatic engagement focus on?
? On what did the diplomatic exchanges between the U.S. and China concentrate?
pattern: select ?t where "United States" held_talks_with China {category: "diplomatic engagement", topic: ?t}
= rare earths
= technology sales

[000_fc729ba78c68ed91:10] provenance
? Which article says Huang met Lei Jun?
? Where is the meeting between Huang and Lei Jun reported?
pattern: select ?s where "Jensen Huang" met "Lei Jun" {source: ?s}
= 000_fc729ba78c68ed91

[000_fc729ba78c68ed91:11] provenance
? Which article mentions the Trump administration's export controls?
pattern: select ?s where "Trump administration" imposed ?x {source: ?s}
= 000_fc729ba78c68ed91

[000_fc729ba78c68ed91:3] yes-no
? Does Nvidia make the H20?
? Is the H20 made by Nvidia?
pattern: Nvidia makes H20
= true

[000_fc729ba78c68ed91:9] request
? Tell me who Huang met.
? Show me the people Jensen Huang met with.
pattern: select ?who where "Jensen Huang" met ?who
= He Lifeng
= Lei Jun
= Ren Huabin

[000_fc729ba78c68ed91:10] how
? How are the Chinese AI and automotive sectors described?
pattern: select ?d where Nvidia aims_to_be_part_of "Chinese AI sector" {described_as: ?d}
= "burgeoning"

[000_fc729ba78c68ed91:11] how-much
? How much did the export controls affect Nvidia's sales in China?
pattern: select ?d where "U.S. export controls" impacted Nvidia {place: China, described_as: ?d}
= "significant"

[000_fc729ba78c68ed91:7] yes-no
? Does Nvidia expect to resume H20 sales in China?
? Is Nvidia expected to resume selling the H20 in China?
pattern: Nvidia expects_to_resume_sales_of H20 {place: China}
= true

[000_fc729ba78c68ed91:9] yes-no
? Is He Lifeng the CEO of Xiaomi?
pattern: "He Lifeng" ceo_of Xiaomi
= false

[002_718fc69976c48c51:2] noun-phrase
? Who is the president of the China Council for the Promotion of International Trade?
? Who heads the CCPIT?
? the president of the CCPIT
pattern: select ?x where ?x president_of "China Council for the Promotion of International Trade"
= Ren Huabin

[002_718fc69976c48c51:2] when
? When did Ren Huabin hold talks with Huang in Beijing?
? On what date did the CCPIT president meet Jensen Huang in Beijing?
pattern: select ?d where "Ren Huabin" held_talks_with "Jensen Huang" {place: Beijing, date: ?d}
= 2025-07-15

[002_718fc69976c48c51:2] where
? Where did Ren Huabin and Huang meet on July 15?
? In which city did Huang see Ren Huabin on July 15?
pattern: select ?p where "Ren Huabin" met "Jensen Huang" {date: 2025-07-15, place: ?p}
= Beijing

[002_718fc69976c48c51:2] who
? Who held talks with Huang in Beijing on July 15?
pattern: select ?x where ?x held_talks_with "Jensen Huang" {date: 2025-07-15, place: Beijing}
= Ren Huabin

[002_718fc69976c48c51:2] within-what
? Within what period did Huang make three trips to mainland China?
pattern: select ?p where "Jensen Huang" visited China {trip_number: 3, area: "mainland", period: ?p}
= "this year"

[002_718fc69976c48c51:2] how-long
? How long had Huang been away from Beijing before returning?
? How long was the break between Huang's visits to Beijing?
pattern: select ?a where "Jensen Huang" visited Beijing {after: ?a}
= "three-month hiatus"

[002_718fc69976c48c51:2] how
? How is Ren Huabin's meeting with Huang characterized?
pattern: select ?d where "Ren Huabin" held_talks_with "Jensen Huang" {described_as: ?d}
= "significant move for tech industry"

[002_718fc69976c48c51:2] yes-no
? Did Ren Huabin meet Huang in Beijing?
pattern: "Ren Huabin" met "Jensen Huang" {place: Beijing}
= true

[002_718fc69976c48c51:2] yes-no
? Did Ren Huabin meet Huang in Shanghai?
pattern: "Ren Huabin" met "Jensen Huang" {place: Shanghai}
= false

[002_718fc69976c48c51:3] what
? What did Huang wear?
? What was Huang dressed in?
pattern: select ?w where "Jensen Huang" wore ?w
= "signature leather jacket"

[002_718fc69976c48c51:3] with-whom
? With whom did Huang pose for a photo?
? Who was photographed with Huang?
? Who did Jensen Huang take a picture with?
pattern: select ?x where "Jensen Huang" photographed_with ?x
= Lei Jun

[002_718fc69976c48c51:3] how
? How did Huang come across during the Beijing visit?
? What was Huang's mood like?
pattern: select ?d where "Jensen Huang" described_as ?d {source: "002_718fc69976c48c51", line: 3}
= "relaxed"
= "positive mood"

[002_718fc69976c48c51:3] yes-no
? Was Huang photographed with Lei Jun?
pattern: "Jensen Huang" photographed_with "Lei Jun"
= true

[002_718fc69976c48c51:4] what
? What step did Nvidia announce toward resuming H20 sales?
? What is Nvidia submitting in order to sell the H20 again?
pattern: select ?s where Nvidia plans_to_resume_sales_of H20 {step: ?s}
= "license application"

[002_718fc69976c48c51:4] who
? Who approved the H20's export license?
? Which government approved the export licence for the H20?
? By whom was the export license for the H20 approved?
pattern: select distinct ?x where ?x approved_export_license_for H20
= United States government

[002_718fc69976c48c51:4] which
? Which media outlet interviewed Huang?
? Who interviewed Huang about the H20?
pattern: select ?x where ?x interviewed "Jensen Huang"
= CCTV

[002_718fc69976c48c51:4] what
? What did CCTV interview Huang about?
pattern: select ?t where CCTV interviewed "Jensen Huang" {topic: ?t}
= H20

[002_718fc69976c48c51:4] how
? How did Huang describe the export license approval?
pattern: select ?d where H20 export_license_approved_by "U.S. government" {described_as: ?d}
= "great news"

[002_718fc69976c48c51:4] yes-no
? Is the H20 a GPU?
pattern: H20 is_a GPU
= true

[002_718fc69976c48c51:4] what
? What is Nvidia planning to launch in China?
pattern: select ?x where Nvidia plans_to_launch ?x {place: China}
= H20

[002_718fc69976c48c51:4] what
? What is the status of the H20 export license approval?
pattern: select ?s where H20 export_license_approved_by "United States government" {status: ?s}
= "assured"
= "approved"

[002_718fc69976c48c51:4] how
? How did Huang feel about launching the H20 in China?
pattern: select ?d where "Jensen Huang" described_as ?d {topic: H20}
= "optimistic"

[002_718fc69976c48c51:2] yes-no
? Is Ren Huabin the president of Xiaomi?
pattern: "Ren Huabin" president_of Xiaomi
= false

[002_718fc69976c48c51:5] what
? What new graphics card did Huang unveil?
? Which product did Jensen Huang announce?
pattern: select ?x where "Jensen Huang" announced ?x . ?x is_a product
= RTX PRO

[002_718fc69976c48c51:5] what
? What is the RTX PRO designed for?
? What uses is the RTX PRO meant to serve?
pattern: select ?x where "RTX PRO" designed_for ?x
= digital twin AI
= smart factories
= logistics

[002_718fc69976c48c51:5] what-kind
? What kind of product is the RTX PRO?
? What type of device is the RTX PRO?
pattern: select ?c where "RTX PRO" is_a ?c
= GPU
= professional graphics card
= product

[002_718fc69976c48c51:5] how
? How is the RTX PRO described?
pattern: select ?d where "RTX PRO" described_as ?d
= "new"
= "fully compatible"
= "relief for Nvidia"

[002_718fc69976c48c51:5] yes-no
? Did Nvidia announce the RTX PRO?
pattern: Nvidia announced "RTX PRO"
= true

[002_718fc69976c48c51:5] what
? What is the status of the RTX PRO announcement?
pattern: select ?s where Nvidia announced "RTX PRO" {status: ?s}
= "planned"

[002_718fc69976c48c51:6] which
? Which product categories were previously restricted in China?
? What kinds of products used to face sales restrictions in China?
pattern: select ?x where ?x sales_restricted_in China {status: "previously"}
= high-end AI GPU chip
= professional graphics card

[002_718fc69976c48c51:6] what
? What did Nvidia achieve with the RTX PRO?
pattern: select ?x where Nvidia achieved ?x {product: "RTX PRO"}
= "significant milestone"

[002_718fc69976c48c51:7] what
? What does AI benefit, according to Nvidia?
pattern: select ?x where "artificial intelligence" benefits ?x
= global business
= society

[002_718fc69976c48c51:7] where
? Where did Huang have a meeting in the U.S.?
? Which U.S. city did Huang visit for a meeting?
pattern: select ?x where "Jensen Huang" visited ?x {purpose: "meeting"}
= Washington, D.C.

[002_718fc69976c48c51:7] what
? Which U.S. government initiatives does Nvidia support?
pattern: select ?x where Nvidia supports ?x {via: "U.S. government initiatives"}
= job creation
= domestic manufacturing

[002_718fc69976c48c51:7] which
? Which goal for the U.S. does Nvidia support?
pattern: select ?x where Nvidia supports ?x . ?x is_a goal
= U.S. edge in AI technology

[002_718fc69976c48c51:7] yes-no
? Did Huang visit Washington?
pattern: "Jensen Huang" visited Washington
= true

[002_718fc69976c48c51:8] what
? What did Huang compare AI to?
? To which resources did Huang liken artificial intelligence?
pattern: select ?x where "artificial intelligence" compared_to ?x
= energy
= water
= internet

[002_718fc69976c48c51:8] how
? How did Huang describe AI?
pattern: select ?d where "artificial intelligence" described_as ?d
= "fundamental resource"

[002_718fc69976c48c51:8] request
? List what Nvidia supports.
? Show everything Nvidia says it supports.
pattern: select distinct ?x where Nvidia supports ?x
= job creation
= domestic manufacturing
= U.S. edge in AI technology
= open-source research
= foundational models
= application development
= AI adoption

[002_718fc69976c48c51:8] what-kind
? What kind of economies is Nvidia focusing on for AI adoption?
pattern: select distinct ?f where Nvidia supports "AI adoption" {focus: ?f}
= "emerging economies"

[002_718fc69976c48c51:8] how-many
? How many resources did Huang compare AI to?
pattern: count ?x where "artificial intelligence" compared_to ?x
= 3

[002_718fc69976c48c51:9] which
? Which places did Huang visit earlier in the year?
? Where did Huang make appearances earlier this year?
pattern: select ?x where "Jensen Huang" visited ?x {period: "earlier in the year"}
= Shenzhen
= Taiwan
= Beijing
= Shanghai

[002_718fc69976c48c51:9] how-many
? How many places did Huang appear in earlier in the year?
pattern: count ?x where "Jensen Huang" visited ?x {period: "earlier in the year"}
= 4

[002_718fc69976c48c51:9] which
? Which event did Huang attend?
pattern: select ?e where "Jensen Huang" attended ?e
= Nvidia annual meeting

[002_718fc69976c48c51:9] with-whom
? With whom did Huang hold talks in mid-April?
pattern: select ?x where "Jensen Huang" held_talks_with ?x {period: "mid-April"}
= Ren Huabin

[002_718fc69976c48c51:9] amount
? How many employees does Nvidia have in China?
? How many people does Nvidia employ in China?
pattern: select ?n where Nvidia employees_in_china ?n
= 4000

[002_718fc69976c48c51:9] yes-no
? Does Nvidia have 4,000 employees in China?
pattern: Nvidia employees_in_china 4000
= true

[002_718fc69976c48c51:9] how
? How does Nvidia's retention rate in China compare with the global average?
pattern: select ?r where Nvidia retention_rate_in_china ?r
= "much lower than global average"

[002_718fc69976c48c51:9] how
? How has Nvidia's growth in China been described?
pattern: select ?d where Nvidia grew_in China {described_as: ?d}
= "significant"

[002_718fc69976c48c51:10] where
? Where does Nvidia plan to lease additional office space?
? In which city will Nvidia lease more offices?
pattern: select ?x where Nvidia plans_to_lease_office_in ?x
= Shanghai

[002_718fc69976c48c51:10] where
? In May, where did Nvidia say it would lease extra office space?
? Where is the office space Nvidia disclosed plans for in May?
pattern: select ?x where Nvidia plans_to_lease_office_in ?x {date: 2025-05}
= Shanghai

[002_718fc69976c48c51:10] for-whom
? Who is the extra office space in Shanghai meant for?
pattern: select ?p where Nvidia plans_to_lease_office_in Shanghai {purpose: ?p}
= "existing staff"

[002_718fc69976c48c51:10] what
? What does Huang hope for in China?
pattern: select ?x where "Jensen Huang" hopes_for ?x {place: China}
= "continued collaboration"

[002_718fc69976c48c51:11] yes-no
? Is Huang the richest person in the world?
pattern: "Jensen Huang" wealth_rank 1
= false

[002_718fc69976c48c51:10] what
? What did U.S. export regulations mean for Nvidia's operations?
pattern: select ?d where "U.S. export regulations" impacted Nvidia {aspect: "operations", described_as: ?d}
= "challenges"

[002_718fc69976c48c51:10] provenance
? Where is Nvidia's plan to lease offices in Shanghai reported?
pattern: select ?s where Nvidia plans_to_lease_office_in Shanghai {source: ?s}
= 002_718fc69976c48c51

[002_718fc69976c48c51:11] among-whom
? Where does Huang rank among the world's wealthiest people?
? What is Huang's place on the world's rich list?
pattern: select ?r where "Jensen Huang" wealth_rank ?r
= 9

[002_718fc69976c48c51:11] yes-no
? Is Huang ranked ninth among the world's richest?
pattern: "Jensen Huang" wealth_rank 9
= true

[002_718fc69976c48c51:11] what
? What distinction did Nvidia earn by passing $4 trillion in market value?
pattern: select ?d where Nvidia market_value_usd 4000000000000 {distinction: ?d}
= "first company globally"

[002_718fc69976c48c51:11] provenance
? Which article reports Nvidia's $4 trillion valuation?
? In which article is Nvidia's market value given?
pattern: select ?s where Nvidia market_value_usd ?v {source: ?s}
= 002_718fc69976c48c51

[002_718fc69976c48c51:2] provenance
? Which article says Ren Huabin met Huang in Beijing?
pattern: select ?s where "Ren Huabin" met "Jensen Huang" {place: Beijing, source: ?s}
= 002_718fc69976c48c51

[002_718fc69976c48c51:4] to-whom
? To whom did Huang give an interview about the H20?
? To which broadcaster did Huang speak about launching the H20?
pattern: select ?x where ?x interviewed "Jensen Huang" {topic: H20}
= CCTV

[002_718fc69976c48c51:7] according-to
? According to whom does AI benefit global business and society?
pattern: select ?w where "artificial intelligence" benefits "global business" {according_to: ?w}
= Nvidia

[002_718fc69976c48c51:9] what
? For what event did Huang appear in Shenzhen, Taiwan, Beijing and Shanghai?
pattern: select ?p where "Jensen Huang" visited Shenzhen {purpose: ?p}
= Nvidia annual meeting

[002_718fc69976c48c51:2] what
? What part of China did Huang visit for the third time this year?
pattern: select ?a where "Jensen Huang" visited China {trip_number: 3, area: ?a}
= "mainland"

[004_0eb38d3b48af7277:1] what-kind
? What kind of welcome did Huang get in Beijing?
? How was Huang welcomed in Beijing?
pattern: select ?x where "Jensen Huang" received ?x {place: Beijing}
= "rockstar welcome"

[004_0eb38d3b48af7277:1] where
? Where did Huang receive a rockstar welcome?
? In which city was Huang greeted like a rock star?
pattern: select ?p where "Jensen Huang" received "rockstar welcome" {place: ?p}
= Beijing

[004_0eb38d3b48af7277:1] how
? How is Nvidia's role in the global AI race described?
pattern: select ?d where Nvidia participates_in "global AI race" {described_as: ?d}
= "important role"

[004_0eb38d3b48af7277:1] what
? What did Nvidia decide to resume selling in China?
? Which chip's sales did Nvidia decide to restart in China?
pattern: select ?x where Nvidia decided_to_resume_sales_of ?x {place: China}
= H20

[004_0eb38d3b48af7277:1] how
? How is Nvidia's decision to resume H20 sales described?
pattern: select ?d where Nvidia decided_to_resume_sales_of H20 {described_as: ?d}
= "strategic move"

[004_0eb38d3b48af7277:1] when
? When did Nvidia decide to resume H20 sales in China?
pattern: select ?p where Nvidia decided_to_resume_sales_of H20 {period: ?p}
= "during Huang's Beijing visit"

[004_0eb38d3b48af7277:1] yes-no
? Is the H20 an AI chip?
pattern: H20 is_a "AI chip"
= true

[004_0eb38d3b48af7277:1] what-kind
? What kind of product is the H20?
? What type of hardware is the H20?
pattern: select ?c where H20 is_a ?c
= chip
= GPU
= product
= AI chip

[004_0eb38d3b48af7277:1] noun-phrase
? Who is the maker of the H20?
? Who makes the H20?
? The H20 is a product of which company?
pattern: select ?x where ?x makes H20
= Nvidia

[004_0eb38d3b48af7277:1] yes-no
? Does Xiaomi make the H20?
pattern: Xiaomi makes H20
= false

[004_0eb38d3b48af7277:1] yes-no
? Did Huang visit Beijing?
pattern: "Jensen Huang" visited Beijing
= true

[004_0eb38d3b48af7277:2] what
? What did Huang's appearance draw?
? What did Huang attract when he appeared in public?
pattern: select ?x where "Jensen Huang" drew ?x
= "large crowds"

[004_0eb38d3b48af7277:2] who
? Who likened Huang to a celebrity?
? By whom was Huang compared to a celebrity?
pattern: select ?w where "Jensen Huang" compared_to "celebrity" {according_to: ?w}
= local media
= social media users

[004_0eb38d3b48af7277:2] where
? Where was Huang mobbed?
pattern: select distinct ?l where "Jensen Huang" mobbed_by ?x {location: ?l}
= "public spots"

[004_0eb38d3b48af7277:2] in-which
? In what were the scenes of Huang being mobbed captured?
? What recorded Huang being mobbed by fans?
pattern: select distinct ?r where "Jensen Huang" mobbed_by ?x {recorded_in: ?r}
= "viral videos"

[004_0eb38d3b48af7277:2] yes-no
? Was Huang mobbed by fans?
pattern: "Jensen Huang" mobbed_by fans
= true

[004_0eb38d3b48af7277:2] provenance
? Where is Huang's cult status reported?
pattern: select ?s where "Jensen Huang" cult_status_among ?x {source: ?s}
= 004_0eb38d3b48af7277

[004_0eb38d3b48af7277:3] what
? What is the H20 part of?
? Which lineup does the H20 belong to?
pattern: select ?x where H20 part_of ?x
= Nvidia China-specific lineup

[004_0eb38d3b48af7277:3] what
? What is Nvidia's China-specific lineup designed to comply with?
pattern: select ?x where "Nvidia China-specific lineup" designed_to_comply_with ?x
= U.S. export controls

[004_0eb38d3b48af7277:3] to-whom
? To whom is the H20 now available for shipment?
? Who can receive H20 shipments now?
pattern: select ?x where H20 available_for_shipment_to ?x {status: "now"}
= Chinese clients

[004_0eb38d3b48af7277:3] what
? What is the H20 designed for?
? What tasks is the H20 tailored to?
? Tell me what the H20 chip is built for.
pattern: select ?x where H20 designed_for ?x
= AI model training
= AI inference

[004_0eb38d3b48af7277:3] what
? What is the H20 expected to support in China?
pattern: select ?x where H20 expected_to_support ?x {place: China}
= generative AI
= large language models

[004_0eb38d3b48af7277:3] yes-no
? Does the H20 comply with U.S. export restrictions?
? Is the H20 designed to comply with U.S. export controls?
pattern: H20 designed_to_comply_with "U.S. export restrictions"
= true

[004_0eb38d3b48af7277:3] yes-no
? Is the H20 part of Nvidia's China-specific lineup?
pattern: H20 part_of "Nvidia China-specific lineup"
= true

[004_0eb38d3b48af7277:3] yes-no
? Is the H20 designed for logistics?
pattern: H20 designed_for logistics
= false

[004_0eb38d3b48af7277:3] request
? Show everything the H20 is designed for or expected to support.
pattern: select ?x where { H20 designed_for ?x } or { H20 expected_to_support ?x }
= AI model training
= AI inference
= generative AI
= large language models

[004_0eb38d3b48af7277:4] which
? Which market did Nvidia return to with the H20?
pattern: select ?m where Nvidia returned_to_market ?m {product: H20}
= China

[004_0eb38d3b48af7277:4] what
? What did Nvidia's return to China with the H20 follow?
pattern: select ?a where Nvidia returned_to_market China {after: ?a}
= "months of regulatory challenges"

[004_0eb38d3b48af7277:4] what
? What do analysts say Nvidia is aiming for?
pattern: select ?x where Nvidia aims_for ?x {according_to: analysts}
= "balance of U.S. policy compliance and China engagement"

[004_0eb38d3b48af7277:4] who
? Who sees Nvidia's move as balancing U.S. policy compliance and China engagement?
pattern: select ?w where Nvidia aims_for ?x {according_to: ?w}
= analysts

[004_0eb38d3b48af7277:4] what-kind
? What kind of market is China?
pattern: select ?c where China is_a ?c {source: "004_0eb38d3b48af7277"}
= AI market

[004_0eb38d3b48af7277:4] yes-no
? Is China an AI market?
pattern: China is_a "AI market"
= true

[004_0eb38d3b48af7277:5] how
? How are global chipmakers described?
? What are global chipmakers doing with their strategies?
pattern: select ?d where "global chipmakers" described_as ?d
= "recalibrating strategies"

[004_0eb38d3b48af7277:5] what
? Amid what are chipmakers recalibrating their strategies?
pattern: select ?a where "global chipmakers" described_as ?d {amid: ?a}
= "rising tech nationalism"

[004_0eb38d3b48af7277:5] in-which
? In which field does Nvidia seek long-term leadership?
? What field does Nvidia want to lead in the long run?
pattern: select ?x where Nvidia seeks_leadership_in ?x
= AI hardware

[004_0eb38d3b48af7277:5] what
? What could be key to Nvidia's leadership in AI hardware?
pattern: select ?k where Nvidia seeks_leadership_in "AI hardware" {key_factor: ?k}
= "adaptable offerings and brand appeal"

[004_0eb38d3b48af7277:5] how-long
? Over what time horizon does Nvidia seek leadership in AI hardware?
pattern: select ?h where Nvidia seeks_leadership_in "AI hardware" {horizon: ?h}
= "long-term"

[004_0eb38d3b48af7277:6] which
? Which article did The Mainstream publish?
? What did The Mainstream publish?
pattern: select ?x where "The Mainstream" published ?x
= Viksit Workforce for a Viksit Bharat

[004_0eb38d3b48af7277:7] possessive
? What was The Mainstream formerly known as?
? What was The Mainstream's former name?
? The Mainstream's former name
pattern: select distinct ?x where "The Mainstream" formerly_known_as ?x
= CIO News

[004_0eb38d3b48af7277:7] request
? List the social networks The Mainstream is on.
? Which social networks does The Mainstream have accounts on?
pattern: select ?x where "The Mainstream" has_account_on ?x
= LinkedIn
= Facebook
= YouTube
= Twitter
= WhatsApp
= Instagram

[004_0eb38d3b48af7277:7] how-many
? How many social networks does The Mainstream have accounts on?
pattern: count ?x where "The Mainstream" has_account_on ?x
= 6

[004_0eb38d3b48af7277:7] what-kind
? What kind of account does The Mainstream have on WhatsApp?
pattern: select ?t where "The Mainstream" has_account_on WhatsApp {account_type: ?t}
= "channel"

[004_0eb38d3b48af7277:9] when
? When did CIO News rebrand as The Mainstream?
? On what date did The Mainstream get its new name?
pattern: select ?d where "The Mainstream" rebranded_on ?d
= 2024-11-28

[004_0eb38d3b48af7277:9] which
? Which markets does The Mainstream target?
? What markets is The Mainstream aiming at?
pattern: select ?x where "The Mainstream" targets_market ?x
= Middle East and Africa
= ASEAN
= United States
= United Kingdom

[004_0eb38d3b48af7277:9] yes-no
? Does The Mainstream target China?
pattern: "The Mainstream" targets_market China
= false

[004_0eb38d3b48af7277:9] yes-no
? Does The Mainstream target the UK?
pattern: "The Mainstream" targets_market UK
= true

[004_0eb38d3b48af7277:9] what-kind
? What kind of platform is The Mainstream?
pattern: select ?c where "The Mainstream" is_a ?c
= news platform
= media outlet

[004_0eb38d3b48af7277:9] what
? What does The Mainstream cover?
? Which industry is covered by The Mainstream?
pattern: select ?x where "The Mainstream" covers ?x
= tech industry

[004_0eb38d3b48af7277:9] possessive
? What are The Mainstream's strengths?
pattern: select ?x where "The Mainstream" has_strength ?x
= "intellectual property"
= "thought leadership"

[004_0eb38d3b48af7277:9] who
? Whom does The Mainstream aim to inspire?
? Who does The Mainstream want to inspire?
pattern: select ?x where "The Mainstream" audience ?x
= "professionals"
= "organizations"

[004_0eb38d3b48af7277:9] what
? What does The Mainstream aim for?
pattern: select ?x where "The Mainstream" aims_for ?x
= "leading technology conversations"

[004_0eb38d3b48af7277:9] when
? When did The Mainstream stop being called CIO News?
pattern: select ?d where "The Mainstream" formerly_known_as "CIO News" {date: ?d}
= 2024-11-28

[004_0eb38d3b48af7277:9] how
? How is The Mainstream's reach described?
pattern: select ?d where "The Mainstream" described_as ?d
= "expanding global reach"

[004_0eb38d3b48af7277:1] who
? Who is the CEO that received a rockstar welcome in Beijing?
pattern: select ?x where ?x received "rockstar welcome" . ?x ceo_of Nvidia
= Jensen Huang

[004_0eb38d3b48af7277:2] how-many
? How many groups compared Huang to a celebrity?
pattern: count distinct ?w where "Jensen Huang" compared_to "celebrity" {according_to: ?w}
= 2

[004_0eb38d3b48af7277:3] what-kind
? What kinds of AI work is the H20 meant for?
pattern: select ?x where H20 designed_for ?x . ?x is_a "use case"
= AI model training
= AI inference
