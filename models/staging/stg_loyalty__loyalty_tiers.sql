with

tiers as (
    select * from {{ loyalty.config_source('loyalty_tiers') }}
),

final as (
    select
        {{ loyalty.clean_text('tiers.tier_name') }} as tier_name,
        cast({{ loyalty.clean_text('tiers.tier_rank') }} as {{ dbt.type_int() }}) as tier_rank,
        cast({{ loyalty.clean_text('tiers.min_qualifying_spend') }} as {{ loyalty.type_money() }})
            as min_qualifying_spend,
        cast({{ loyalty.clean_text('tiers.points_per_currency_unit') }} as decimal(18, 4))
            as points_per_currency_unit
    from tiers
)

select * from final
