{#- A customer's tier is the highest-ranked tier whose minimum their spend
    reaches. As bands, that rule is a single range lookup: tier i holds the
    spends from its own minimum up to (not including) the lowest minimum of
    any higher-ranked tier. A tier outranked by one with a lower or equal
    minimum holds no spend at all. -#}
with

tiers as (
    select * from {{ ref('stg_loyalty__loyalty_tiers') }}
),

bounded as (
    select
        tiers.tier_name,
        tiers.tier_rank,
        tiers.min_qualifying_spend as spend_from,
        min(higher.min_qualifying_spend) as spend_to
    from tiers
    left join tiers as higher
        on tiers.tier_rank < higher.tier_rank
    group by tiers.tier_name, tiers.tier_rank, tiers.min_qualifying_spend
),

final as (
    select
        bounded.tier_name,
        bounded.tier_rank,
        cast(bounded.spend_from as {{ loyalty.type_money() }}) as spend_from,
        cast(bounded.spend_to as {{ loyalty.type_money() }}) as spend_to
    from bounded
    where bounded.spend_to is null or bounded.spend_to > bounded.spend_from
)

select * from final
