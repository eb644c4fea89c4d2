# kg reader questions: development set.
# Plain-English questions a newspaper reader might ask about the three source
# articles, written later and apart from tuning.q and held-out.q: their
# scores before the reader was tuned to them show how it does on questions
# it has not seen (see docs/lexicon.md). Each with a
# formal kg pattern and the values that pattern returns on the default store.
# Entry: [ARTICLE_ID:LINE] shape-tag, "? " question lines (paraphrases of one
# question), one "pattern: " line, "= " expected values. Entries are separated
# by one blank line.

[000_fc729ba78c68ed91:5] what
? What does Nvidia have to navigate?
? Name the rules and relations Nvidia is steering through.
pattern: select ?x where Nvidia navigates ?x
= international trade regulations
= U.S.-China relations
= U.S. export controls
= regulatory changes

[000_fc729ba78c68ed91:7] why
? Why had sales of the H20 to China been put on hold?
? What was the reason H20 chip sales in China were halted?
pattern: select ?r where H20 sales_restricted_in China {reason: ?r}
= "regulatory barriers"

[000_fc729ba78c68ed91:7] within-what
? Within what span of time did Huang make three trips to China?
? Over what period has Jensen Huang been to China three times?
pattern: select ?p where "Jensen Huang" visited China {trip_number: 3, period: ?p}
= "within six months"
= "this year"

[000_fc729ba78c68ed91:7] how
? How is the H20 described compared with Nvidia's top chips?
? What sort of chip is the H20 said to be in terms of capability?
pattern: select ?d where H20 described_as ?d
= "less advanced"

[000_fc729ba78c68ed91:8] where
? Where did Huang talk to reporters?
? In which city did Jensen Huang hold his press interaction?
pattern: select ?p where "Jensen Huang" spoke_to press {place: ?p}
= Beijing

[000_fc729ba78c68ed91:8] which
? Which essential resources came up in the exchange between China and the U.S.?
? What scarce materials are part of the U.S.-China talks Huang mentioned?
pattern: select ?t where "United States" held_talks_with China {topic: ?t} . ?t is_a "essential resource"
= rare earths

[000_fc729ba78c68ed91:9] with-whom
? Which Chinese vice premier did Huang sit down with?
? With which senior Chinese government official did Jensen Huang hold a meeting?
pattern: select ?x where "Jensen Huang" met ?x . ?x position "Vice Premier"
= He Lifeng

[000_fc729ba78c68ed91:9] how
? How did Huang characterize his talks with He Lifeng?
? What was the tone of Jensen Huang's meeting with the vice premier, in his words?
pattern: select ?d where "Jensen Huang" met "He Lifeng" {described_as: ?d}
= "amicable"

[000_fc729ba78c68ed91:9] what
? What subjects did Huang and He Lifeng talk about?
? Tell me what Jensen Huang discussed with the Chinese vice premier.
pattern: select ?t where "Jensen Huang" discussed ?t {counterpart: "He Lifeng"}
= tech collaboration
= technological partnerships

[000_fc729ba78c68ed91:9] what
? What did Huang and He Lifeng avoid going into during their talks?
? Which topic was left out of the conversation between Huang and the vice premier?
pattern: select ?e where "Jensen Huang" discussed ?t {counterpart: "He Lifeng", excluding: ?e}
= "trade restriction specifics"

[000_fc729ba78c68ed91:9] provenance
? Which article mentions Huang's meeting with He Lifeng?
? Where is the meeting between Jensen Huang and He Lifeng reported?
pattern: select ?s where "Jensen Huang" met "He Lifeng" {source: ?s}
= 000_fc729ba78c68ed91

[000_fc729ba78c68ed91:10] possessive
? Who is Xiaomi's chief executive?
? Who leads Xiaomi?
? the CEO of Xiaomi
pattern: select ?x where ?x ceo_of Xiaomi
= Lei Jun

[000_fc729ba78c68ed91:10] request
? List the fields of AI cooperation Huang raised with Lei Jun.
? Which technologies did Jensen Huang and the Xiaomi boss talk about working together on?
pattern: select ?t where "Jensen Huang" discussed ?t {counterpart: "Lei Jun"}
= artificial intelligence
= large language models
= autonomous driving
= robotics

[000_fc729ba78c68ed91:10] in-which
? In which Chinese sectors does Nvidia hope to play a part?
? Which parts of China's economy does Nvidia want to become integral to?
pattern: select ?s where Nvidia aims_to_be_part_of ?s
= Chinese AI sector
= Chinese automotive sector

[000_fc729ba78c68ed91:10] yes-no
? Is Lei Jun the CEO of Nvidia?
? Does Lei Jun run Nvidia?
pattern: "Lei Jun" ceo_of Nvidia
= false

[000_fc729ba78c68ed91:11] who
? Who put in place the export controls that hit Nvidia's sales in China?
? Which administration imposed the U.S. export restrictions?
pattern: select ?x where ?x imposed "U.S. export controls"
= Trump administration

[000_fc729ba78c68ed91:11] what-kind
? What kind of stance did Huang adopt on the export controls?
? Where did Jensen Huang stand on Washington's export restrictions?
pattern: select ?s where "Jensen Huang" took_stance_on "U.S. export controls" {stance: ?s}
= "neutral"

[000_fc729ba78c68ed91:11] to-whom
? Whom did Huang brief on the state of the industry?
? To whom did Jensen Huang explain the industry landscape?
pattern: select ?x where "Jensen Huang" informed ?x
= United States government

[000_fc729ba78c68ed91:11] yes-no
? Did the export controls affect Nvidia?
? Were Nvidia's sales hurt by U.S. export controls?
pattern: "U.S. export controls" impacted Nvidia
= true

[000_fc729ba78c68ed91:11] what
? What does Huang consider crucial for coping with changing trade rules?
? What does Jensen Huang argue for when it comes to policymakers?
pattern: select ?x where "Jensen Huang" advocates ?x
= dialogue with policymakers

[000_fc729ba78c68ed91:12] which
? Beyond which chip does Nvidia eventually want to broaden its lineup?
? Nvidia plans to expand its offerings past what product?
pattern: select ?x where Nvidia plans_to_expand_beyond ?x
= H20

[002_718fc69976c48c51:2] who
? Who heads the China Council for the Promotion of International Trade?
? the president of the CCPIT
pattern: select ?x where ?x president_of "China Council for the Promotion of International Trade"
= Ren Huabin

[002_718fc69976c48c51:2] when
? On what date did Ren Huabin and Huang hold talks in Beijing?
? When did the CCPIT president meet Jensen Huang in Beijing?
pattern: select ?d where "Ren Huabin" held_talks_with "Jensen Huang" {place: Beijing, date: ?d}
= 2025-07-15

[002_718fc69976c48c51:2] how-long
? How long had Huang been away from Beijing before this visit?
? What gap preceded Jensen Huang's return to Beijing?
pattern: select ?a where "Jensen Huang" visited Beijing {after: ?a}
= "three-month hiatus"

[002_718fc69976c48c51:2] count-times
? How many times has Huang been to mainland China this year?
? How many trips to China has Jensen Huang made so far this year?
pattern: select ?n where "Jensen Huang" visited China {period: "this year", trip_number: ?n}
= 3

[002_718fc69976c48c51:3] what
? What was Huang wearing?
? What clothing did Jensen Huang show up in?
pattern: select ?x where "Jensen Huang" wore ?x
= "signature leather jacket"

[002_718fc69976c48c51:3] provenance
? In which article is Huang's photo with Lei Jun mentioned?
? Which report says Jensen Huang was photographed with Lei Jun?
pattern: select ?s where "Jensen Huang" photographed_with "Lei Jun" {source: ?s}
= 002_718fc69976c48c51

[002_718fc69976c48c51:4] who
? Who approved the export license for the H20?
? By whom was the H20's export license granted?
pattern: select ?x where H20 export_license_approved_by ?x
= United States government

[002_718fc69976c48c51:4] yes-no
? Did China approve the export license for the H20?
? Was the H20 export licence approved by China?
pattern: H20 export_license_approved_by China
= false

[002_718fc69976c48c51:4] according-to
? According to whom can the H20 now be shipped to China?
? Who said the H20 is cleared for shipment to China?
pattern: select ?a where H20 available_for_shipment_to China {according_to: ?a}
= Jensen Huang

[002_718fc69976c48c51:5] what-kind
? What kind of product is the RTX PRO?
? What is the RTX PRO?
pattern: select ?c where "RTX PRO" is_a ?c
= GPU
= professional graphics card
= product

[002_718fc69976c48c51:5] what
? What is the RTX PRO card designed for?
? What uses is Nvidia's new RTX PRO graphics card meant to serve?
pattern: select ?x where "RTX PRO" designed_for ?x
= digital twin AI
= smart factories
= logistics

[002_718fc69976c48c51:7] where
? Where is Huang promoting AI?
? In which countries does Jensen Huang champion artificial intelligence?
pattern: select ?p where "Jensen Huang" promotes "artificial intelligence" {place: ?p}
= China
= United States

[002_718fc69976c48c51:8] what
? What did Huang liken AI to?
? AI is compared to which other basic resources?
pattern: select ?x where "artificial intelligence" compared_to ?x
= energy
= water
= internet

[002_718fc69976c48c51:8] in-which
? In which regions does Nvidia want to help spread AI adoption?
? Which regions with emerging economies did Huang mention for AI adoption?
pattern: select ?p where Nvidia supports "AI adoption" {place: ?p}
= Latin America
= Europe
= Asia

[002_718fc69976c48c51:9] how-many
? How many employees does Nvidia have in China?
? Nvidia's headcount in China?
pattern: select ?n where Nvidia employees_in_china ?n
= 4000

[002_718fc69976c48c51:9] request
? List the places Huang visited earlier this year for Nvidia's annual meeting.
? Which cities did Huang turn up in for the company's annual meeting?
pattern: select ?p where "Jensen Huang" visited ?p {purpose: "Nvidia annual meeting"} . ?p is_a city
= Beijing
= Shenzhen
= Shanghai

[002_718fc69976c48c51:9] how-many
? How many cities has Huang visited?
? Count the cities Jensen Huang traveled to.
pattern: count distinct ?c where "Jensen Huang" visited ?c . ?c is_a city
= 4

[002_718fc69976c48c51:10] where
? Where does Nvidia plan to take on more office space?
? In which city will Nvidia rent additional offices?
pattern: select ?c where Nvidia plans_to_lease_office_in ?c
= Shanghai

[002_718fc69976c48c51:11] how-much
? How much is Huang worth?
? What is Jensen Huang's personal net worth?
pattern: select ?v where "Jensen Huang" net_worth_usd ?v
= 144000000000

[002_718fc69976c48c51:11] amount
? What market value has Nvidia surpassed?
? Nvidia's market valuation?
pattern: select ?v where Nvidia market_value_usd ?v
= 4000000000000

[002_718fc69976c48c51:11] possessive
? Huang's rank among the world's wealthiest people?
? Where does Jensen Huang place on the list of the richest people in the world?
pattern: select ?r where "Jensen Huang" wealth_rank ?r
= 9

[004_0eb38d3b48af7277:1] what
? What kind of welcome did Huang get in Beijing?
? How was Jensen Huang greeted in Beijing?
pattern: select ?x where "Jensen Huang" received ?x
= "rockstar welcome"

[004_0eb38d3b48af7277:1] where
? Where was Huang given a rockstar welcome?
? In which city did fans give Jensen Huang a rockstar reception?
pattern: select ?p where "Jensen Huang" received "rockstar welcome" {place: ?p}
= Beijing

[004_0eb38d3b48af7277:1] what
? Amid what tensions did Nvidia decide to resume H20 sales?
? Against what backdrop did Nvidia decide to start selling the H20 again in China?
pattern: select ?a where Nvidia decided_to_resume_sales_of H20 {amid: ?a}
= "U.S.-China tech tensions"

[004_0eb38d3b48af7277:1] provenance
? Which article reports Huang's rockstar welcome?
? Where is the rockstar welcome for Huang in Beijing reported?
pattern: select ?s where "Jensen Huang" received "rockstar welcome" {source: ?s}
= 004_0eb38d3b48af7277

[004_0eb38d3b48af7277:2] who
? Who mobbed Huang?
? By whom was Jensen Huang swarmed at public spots?
pattern: select ?x where "Jensen Huang" mobbed_by ?x
= fans
= tech enthusiasts
= media

[004_0eb38d3b48af7277:2] among-whom
? Among whom does Huang enjoy cult status?
? In which community is Jensen Huang a cult figure?
pattern: select ?x where "Jensen Huang" cult_status_among ?x
= Chinese AI community

[004_0eb38d3b48af7277:2] according-to
? Who compared Huang to a celebrity?
? According to whom was Jensen Huang's reception like a celebrity's?
pattern: select ?a where "Jensen Huang" compared_to "celebrity" {according_to: ?a}
= local media
= social media users

[004_0eb38d3b48af7277:3] which
? Which lineup does the H20 belong to?
? What product family is the H20 part of?
pattern: select ?x where H20 part_of ?x
= Nvidia China-specific lineup

[004_0eb38d3b48af7277:3] to-whom
? To whom is the H20 now available for shipment?
? Who can now receive shipments of the H20?
pattern: select ?x where H20 available_for_shipment_to ?x {status: "now"}
= Chinese clients

[004_0eb38d3b48af7277:3] what
? What workloads is the H20 built for?
? What is the H20 chip designed to do?
pattern: select ?x where H20 designed_for ?x
= AI model training
= AI inference

[004_0eb38d3b48af7277:3] what
? What kinds of AI development is the H20 expected to support in China?
? Which fields of AI should the H20 help with in China?
pattern: select ?x where H20 expected_to_support ?x
= large language models
= generative AI

[004_0eb38d3b48af7277:4] according-to
? According to analysts, what is Nvidia aiming for with its China return?
? What balance do analysts say Nvidia is trying to strike?
pattern: select ?x where Nvidia aims_for ?x {according_to: analysts}
= "balance of U.S. policy compliance and China engagement"

[004_0eb38d3b48af7277:4] yes-no
? Is China among the world's biggest AI markets?
? Is China considered one of the big AI markets?
pattern: China is_a "AI market"
= true

[004_0eb38d3b48af7277:5] in-which
? In which field is Nvidia seeking long-term leadership?
? Where does Nvidia want to lead in the long run?
pattern: select ?x where Nvidia seeks_leadership_in ?x
= AI hardware

[004_0eb38d3b48af7277:5] why
? Why are global chipmakers recalibrating their strategies?
? For what purpose are chipmakers around the world rethinking strategy?
pattern: select ?p where "global chipmakers" described_as "recalibrating strategies" {purpose: ?p}
= "maintain growth"

[004_0eb38d3b48af7277:7] request
? List the social networks where The Mainstream has accounts.
? On which platforms can you follow The Mainstream?
pattern: select ?x where "The Mainstream" has_account_on ?x
= LinkedIn
= Facebook
= YouTube
= Twitter
= WhatsApp
= Instagram

[004_0eb38d3b48af7277:9] what
? What was The Mainstream formerly called?
? What was the earlier name of The Mainstream?
pattern: select ?x where "The Mainstream" formerly_known_as ?x
= CIO News

[004_0eb38d3b48af7277:9] when
? When did CIO News rebrand as The Mainstream?
? On what date did The Mainstream get its new name?
pattern: select ?d where "The Mainstream" rebranded_on ?d
= 2024-11-28

[004_0eb38d3b48af7277:9] which
? Which markets is The Mainstream targeting?
? Tell me the regions The Mainstream wants to reach.
pattern: select ?x where "The Mainstream" targets_market ?x
= United States
= Middle East and Africa
= ASEAN
= United Kingdom

[004_0eb38d3b48af7277:9] yes-no
? Does The Mainstream target Latin America?
? Is Latin America one of The Mainstream's key markets?
pattern: "The Mainstream" targets_market "Latin America"
= false

[004_0eb38d3b48af7277:9] noun-phrase
? the strengths of The Mainstream
? What does The Mainstream count as its foundation?
pattern: select ?x where "The Mainstream" has_strength ?x
= "intellectual property"
= "thought leadership"
