{#- Were members awarded the points their program's rules promise
    (docs/metrics.md section 13)? Expected points come from the member's
    completed orders on member days in a program that earns points; earned
    points are their `earn` ledger entries without a partner, on member days
    or not (points given outside membership are over-awards). -#}
{{ config(enabled=loyalty.using('loyalty')) }}
with

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

member_orders as (
    select * from {{ ref('int_member_orders') }}
),

ledger as (
    select * from {{ ref('stg_loyalty__points_ledger') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

expected as (
    select
        member_orders.customer_id,
        member_orders.month_start,
        sum(member_orders.expected_points) as expected_points
    from member_orders
    group by member_orders.customer_id, member_orders.month_start
),

earned as (
    select
        ledger.customer_id,
        {{ loyalty.period_start('ledger.occurred_date', 'month') }} as month_start,
        sum(ledger.points) as earned_points
    from ledger
    inner join members
        on ledger.customer_id = members.customer_id
    cross join reporting_window
    where
        ledger.entry_type = 'earn'
        and ledger.partner is null
        and ledger.occurred_date <= reporting_window.as_of_date
    group by ledger.customer_id, {{ loyalty.period_start('ledger.occurred_date', 'month') }}
),

combined as (
    select
        coalesce(expected.customer_id, earned.customer_id) as customer_id,
        coalesce(expected.month_start, earned.month_start) as month_start,
        coalesce(expected.expected_points, 0) as expected_points,
        coalesce(earned.earned_points, 0) as earned_points
    from expected
    full outer join earned
        on
            expected.customer_id = earned.customer_id
            and expected.month_start = earned.month_start
),

final as (
    select
        combined.customer_id,
        members.program,
        cast(combined.expected_points as {{ dbt.type_bigint() }}) as expected_points,
        cast(combined.earned_points as {{ dbt.type_bigint() }}) as earned_points,
        cast(combined.earned_points - combined.expected_points as {{ dbt.type_bigint() }}) as variance_points,
        case
            when combined.earned_points = combined.expected_points then 'match'
            when combined.earned_points < combined.expected_points then 'under_awarded'
            else 'over_awarded'
        end as accrual_status,
        combined.month_start as month  -- noqa: RF04
    from combined
    inner join members
        on combined.customer_id = members.customer_id
    where combined.expected_points <> 0 or combined.earned_points <> 0
)

select * from final
