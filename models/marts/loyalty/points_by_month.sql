{{ config(enabled=loyalty.using('loyalty')) }}
with

ledger as (
    select * from {{ ref('stg_loyalty__points_ledger') }}
),

months as (
    select * from {{ ref('int_months') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

monthly as (
    select
        {{ loyalty.period_start('ledger.occurred_date', 'month') }} as month_start,
        sum(case when ledger.entry_type = 'earn' then ledger.points else 0 end) as points_issued,
        -sum(case when ledger.entry_type = 'redeem' then ledger.points else 0 end) as points_redeemed,
        -sum(case when ledger.entry_type = 'expire' then ledger.points else 0 end) as points_expired,
        sum(case when ledger.entry_type = 'adjust' then ledger.points else 0 end) as points_adjusted,
        sum(case when ledger.entry_type = 'earn' and ledger.partner is not null then ledger.points else 0 end)
            as partner_points_issued,
        sum(ledger.points) as net_change
    from ledger
    cross join reporting_window
    where ledger.occurred_date <= reporting_window.as_of_date
    group by {{ loyalty.period_start('ledger.occurred_date', 'month') }}
),

filled as (
    select
        months.period_start as month_start,
        months.is_complete_period,
        coalesce(monthly.points_issued, 0) as points_issued,
        coalesce(monthly.points_redeemed, 0) as points_redeemed,
        coalesce(monthly.points_expired, 0) as points_expired,
        coalesce(monthly.points_adjusted, 0) as points_adjusted,
        coalesce(monthly.partner_points_issued, 0) as partner_points_issued,
        coalesce(monthly.net_change, 0) as net_change
    from months
    left join monthly
        on months.period_start = monthly.month_start
),

cumulative as (
    select
        filled.*,
        sum(filled.net_change) over (order by filled.month_start rows unbounded preceding) as points_outstanding,
        sum(filled.points_issued) over (order by filled.month_start rows unbounded preceding) as cumulative_issued,
        sum(filled.points_expired) over (order by filled.month_start rows unbounded preceding)
            as cumulative_expired
    from filled
),

final as (
    select
        cast(cumulative.points_issued as {{ dbt.type_bigint() }}) as points_issued,
        cast(cumulative.points_redeemed as {{ dbt.type_bigint() }}) as points_redeemed,
        cast(cumulative.points_expired as {{ dbt.type_bigint() }}) as points_expired,
        cast(cumulative.points_adjusted as {{ dbt.type_bigint() }}) as points_adjusted,
        cast(cumulative.partner_points_issued as {{ dbt.type_bigint() }}) as partner_points_issued,
        cast(cumulative.net_change as {{ dbt.type_bigint() }}) as net_change,
        cast(cumulative.points_outstanding as {{ dbt.type_bigint() }}) as points_outstanding,
        cast(cumulative.points_outstanding * {{ var('point_value') }} as decimal(38, 4)) as points_liability,
        {{ loyalty.safe_divide('cumulative.points_expired', 'cumulative.points_issued') }} as breakage_rate,
        {{ loyalty.safe_divide('cumulative.cumulative_expired', 'cumulative.cumulative_issued') }}
            as cumulative_breakage_rate,
        cumulative.is_complete_period,
        cumulative.month_start as month  -- noqa: RF04
    from cumulative
)

select * from final
