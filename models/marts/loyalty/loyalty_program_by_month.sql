{#- Each loyalty program month by month (docs/metrics.md section 13):
    membership flow and retention, what members spent, what the program
    earns in fees, the points it issued and redeemed, its money-based
    rewards, and what it costs. Membership on a day is section 10's rule. -#}
{{ config(enabled=loyalty.using('programs')) }}
with

programs as (
    select * from {{ ref('int_loyalty_programs') }}
),

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

member_orders as (
    select * from {{ ref('int_member_orders') }}
),

ledger as (
    select * from {{ ref('stg_loyalty__points_ledger') }}
),

months as (
    select * from {{ ref('int_months') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

first_enrolments as (
    select
        members.program,
        min(members.enrolled_date) as first_enrolled_date
    from members
    cross join reporting_window
    where members.enrolled_date <= reporting_window.as_of_date
    group by members.program
),

program_months as (
    {#- From the month of the program's first enrolment on or before
        as_of_date through as_of_date's month. -#}
    select
        programs.program,
        months.period_start,
        months.start_day,
        months.end_day,
        months.is_complete_period
    from programs
    inner join first_enrolments as first_enrolment
        on programs.program = first_enrolment.program
    inner join months
        on first_enrolment.first_enrolled_date <= months.period_end
),

membership as (
    select
        program_months.program,
        program_months.period_start,
        count(case when {{ loyalty.is_member_on('members', 'program_months.start_day') }} then 1 end)
            as members_at_start,
        count(case when {{ loyalty.is_member_on('members', 'program_months.end_day') }} then 1 end)
            as members_at_end,
        count(
            case
                when
                    {{ loyalty.is_member_on('members', 'program_months.start_day') }}
                    and {{ loyalty.is_member_on('members', 'program_months.end_day') }}
                    then 1
            end
        ) as retained_members
    from program_months
    inner join members
        on
            program_months.program = members.program
            and program_months.end_day >= members.enrolled_date
            and (members.cancelled_date is null or program_months.start_day < members.cancelled_date)
    group by program_months.program, program_months.period_start
),

enrolments as (
    select
        members.program,
        {{ loyalty.period_start('members.enrolled_date', 'month') }} as month_start,
        count(*) as new_members
    from members
    cross join reporting_window
    where members.enrolled_date <= reporting_window.as_of_date
    group by members.program, {{ loyalty.period_start('members.enrolled_date', 'month') }}
),

cancellations as (
    select
        members.program,
        {{ loyalty.period_start('members.cancelled_date', 'month') }} as month_start,
        count(*) as cancelled_members
    from members
    cross join reporting_window
    where members.cancelled_date <= reporting_window.as_of_date
    group by members.program, {{ loyalty.period_start('members.cancelled_date', 'month') }}
),

member_months as (
    select
        member_orders.customer_id,
        member_orders.program,
        member_orders.month_start,
        sum(member_orders.amount) as member_spend
    from member_orders
    group by member_orders.customer_id, member_orders.program, member_orders.month_start
),

cumulative_spend as (
    select
        member_months.program,
        member_months.month_start,
        member_months.member_spend,
        sum(member_months.member_spend) over (
            partition by member_months.customer_id
            order by member_months.month_start
            rows unbounded preceding
        ) as cumulative_spend
    from member_months
),

spend as (
    {#- Money-based rewards: floors per member, then summed. -#}
    select
        cumulative_spend.program,
        cumulative_spend.month_start,
        sum(cumulative_spend.member_spend) as member_revenue,
        sum(
            {{ loyalty.rewards_earned(
                'cumulative_spend.cumulative_spend',
                'cumulative_spend.cumulative_spend - cumulative_spend.member_spend',
                'programs.reward_threshold_spend') }}
        ) as rewards_earned
    from cumulative_spend
    inner join programs
        on cumulative_spend.program = programs.program
    group by cumulative_spend.program, cumulative_spend.month_start
),

points as (
    select
        members.program,
        {{ loyalty.period_start('ledger.occurred_date', 'month') }} as month_start,
        sum(case when ledger.entry_type = 'earn' then ledger.points else 0 end) as points_issued,
        -sum(case when ledger.entry_type = 'redeem' then ledger.points else 0 end) as points_redeemed
    from ledger
    inner join members
        on
            ledger.customer_id = members.customer_id
            and {{ loyalty.is_member_on('members', 'ledger.occurred_date') }}
    cross join reporting_window
    where ledger.occurred_date <= reporting_window.as_of_date
    group by members.program, {{ loyalty.period_start('ledger.occurred_date', 'month') }}
),

combined as (
    select
        program_months.program,
        programs.program_type,
        program_months.period_start,
        program_months.is_complete_period,
        coalesce(membership.members_at_start, 0) as members_at_start,
        coalesce(enrolments.new_members, 0) as new_members,
        coalesce(cancellations.cancelled_members, 0) as cancelled_members,
        coalesce(membership.members_at_end, 0) as members_at_end,
        coalesce(membership.retained_members, 0) as retained_members,
        coalesce(spend.member_revenue, 0) as member_revenue,
        {#- annual_fee x members_at_end / 12 rounded once, half away from
            zero, to cents: in whole cents, (x + 6) div 12 rounds x / 12. -#}
        floor((programs.annual_fee * 100 * coalesce(membership.members_at_end, 0) + 6) / 12) * 0.01 as fee_revenue,
        coalesce(points.points_issued, 0) as points_issued,
        coalesce(points.points_redeemed, 0) as points_redeemed,
        coalesce(spend.rewards_earned, 0) as rewards_earned,
        coalesce(spend.rewards_earned * programs.reward_value, 0) as reward_cost
    from program_months
    inner join programs
        on program_months.program = programs.program
    left join membership
        on
            program_months.program = membership.program
            and program_months.period_start = membership.period_start
    left join enrolments
        on
            program_months.program = enrolments.program
            and program_months.period_start = enrolments.month_start
    left join cancellations
        on
            program_months.program = cancellations.program
            and program_months.period_start = cancellations.month_start
    left join spend
        on
            program_months.program = spend.program
            and program_months.period_start = spend.month_start
    left join points
        on
            program_months.program = points.program
            and program_months.period_start = points.month_start
),

final as (
    select
        combined.program,
        combined.program_type,
        cast(combined.members_at_start as {{ dbt.type_bigint() }}) as members_at_start,
        cast(combined.new_members as {{ dbt.type_bigint() }}) as new_members,
        cast(combined.cancelled_members as {{ dbt.type_bigint() }}) as cancelled_members,
        cast(combined.members_at_end as {{ dbt.type_bigint() }}) as members_at_end,
        {{ loyalty.safe_divide('combined.retained_members', 'combined.members_at_start') }} as member_retention_rate,
        cast(combined.member_revenue as {{ loyalty.type_money_total() }}) as member_revenue,
        cast(combined.fee_revenue as {{ loyalty.type_money_total() }}) as fee_revenue,
        cast(combined.points_issued as {{ dbt.type_bigint() }}) as points_issued,
        cast(combined.points_redeemed as {{ dbt.type_bigint() }}) as points_redeemed,
        cast(combined.rewards_earned as {{ dbt.type_bigint() }}) as rewards_earned,
        cast(combined.reward_cost as {{ loyalty.type_money_total() }}) as reward_cost,
        cast(combined.points_redeemed * {{ var('point_value') }} + combined.reward_cost as decimal(38, 4))
            as program_cost,
        combined.is_complete_period,
        combined.period_start as month  -- noqa: RF04
    from combined
)

select * from final
