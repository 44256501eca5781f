{#- The completed orders (dated on or before as_of_date) a member placed on a
    day they were a member (docs/metrics.md sections 10 and 13), with their
    program and the points the program's rules promise for each:
    floor(amount x points_per_currency_unit of the member's tier on the order
    day) in a program that earns points, else 0. The tier counts every
    completed order of the customer on [d - 364, d], member days or not and
    all of day d's orders included (section 9). -#}
{{ config(enabled=loyalty.using('loyalty')) }}
with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

programs as (
    select * from {{ ref('int_loyalty_programs') }}
),

tier_bands as (
    select * from {{ ref('int_tier_bands') }}
),

tiers as (
    select * from {{ ref('stg_loyalty__loyalty_tiers') }}
),

member_spend_days as (
    select
        orders.customer_id,
        orders.ordered_date,
        sum(orders.amount) as amount
    from orders
    inner join members
        on orders.customer_id = members.customer_id
    group by orders.customer_id, orders.ordered_date
),

qualifying_spend as (
    {#- Spend on [d - 364, d] for each order day d: a range frame over day
        numbers, unique per customer and day. -#}
    select
        member_spend_days.customer_id,
        member_spend_days.ordered_date,
        sum(member_spend_days.amount) over (
            partition by member_spend_days.customer_id
            order by {{ loyalty.day_diff("cast('1900-01-01' as date)", 'member_spend_days.ordered_date') }}
            range between 364 preceding and current row
        ) as qualifying_spend
    from member_spend_days
),

day_rates as (
    select
        qualifying_spend.customer_id,
        qualifying_spend.ordered_date,
        tiers.points_per_currency_unit
    from qualifying_spend
    inner join tier_bands
        on {{ loyalty.in_tier_band('qualifying_spend.qualifying_spend', 'tier_bands') }}
    inner join tiers
        on tier_bands.tier_name = tiers.tier_name
),

final as (
    select
        orders.order_id,
        orders.customer_id,
        members.program,
        orders.ordered_date,
        {{ loyalty.period_start('orders.ordered_date', 'month') }} as month_start,
        orders.amount,
        cast(
            case
                when programs.earns_points
                    then {{ loyalty.points_for_amount('orders.amount', 'day_rates.points_per_currency_unit') }}
                else 0
            end as {{ dbt.type_bigint() }}
        ) as expected_points
    from orders
    inner join members
        on
            orders.customer_id = members.customer_id
            and {{ loyalty.is_member_on('members', 'orders.ordered_date') }}
    inner join programs
        on members.program = programs.program
    inner join day_rates
        on
            orders.customer_id = day_rates.customer_id
            and orders.ordered_date = day_rates.ordered_date
)

select * from final
