-- Hand-computed: scores 10, 9, 7, 3 -> 2 promoters, 1 detractor, 100 x (2 - 1) / 4 = 25.
select
    nps,
    promoters,
    detractors
from {{ ref('nps_of_scores') }}
where nps <> 25 or promoters <> 2 or detractors <> 1
