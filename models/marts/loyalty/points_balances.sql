{{ config(enabled=loyalty.using('loyalty')) }}
with

ledger as (
    select * from {{ ref('stg_loyalty__points_ledger') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

counted as (
    select ledger.*
    from ledger
    cross join reporting_window
    where ledger.occurred_date <= reporting_window.as_of_date
),

balances as (
    select
        counted.customer_id,
        sum(case when counted.entry_type = 'earn' then counted.points else 0 end) as points_earned,
        -sum(case when counted.entry_type = 'redeem' then counted.points else 0 end) as points_redeemed,
        -sum(case when counted.entry_type = 'expire' then counted.points else 0 end) as points_expired,
        sum(case when counted.entry_type = 'adjust' then counted.points else 0 end) as points_adjusted,
        sum(counted.points) as points_balance,
        count(*) as ledger_entries,
        max(counted.occurred_date) as last_entry_date
    from counted
    group by counted.customer_id
),

final as (
    select
        balances.customer_id,
        cast(balances.points_earned as {{ dbt.type_bigint() }}) as points_earned,
        cast(balances.points_redeemed as {{ dbt.type_bigint() }}) as points_redeemed,
        cast(balances.points_expired as {{ dbt.type_bigint() }}) as points_expired,
        cast(balances.points_adjusted as {{ dbt.type_bigint() }}) as points_adjusted,
        cast(balances.points_balance as {{ dbt.type_bigint() }}) as points_balance,
        cast(balances.points_balance * {{ var('point_value') }} as decimal(38, 4)) as points_liability,
        cast(balances.ledger_entries as {{ dbt.type_bigint() }}) as ledger_entries,
        balances.last_entry_date
    from balances
)

select * from final
