{#- The completed orders (dated on or before as_of_date) a member placed on a
    day they were a member (docs/metrics.md sections 10 and 13), with their
    program and the points the program's rules promise for each:
    floor(amount x points_per_currency_unit of the member's tier on the order
    day) in a program that earns points, else 0. The tier counts every
    completed order of the customer on [d - 364, d], member days or not and
    all of day d's orders included (section 9). Incremental (docs/decisions.md,
    "Daily runs"): a build recomputes the customers whose completed orders
    or memberships were logged since this model last computed any. -#}
{{ config(
    enabled=loyalty.using('loyalty'),
    **loyalty.recomputed_rows_config(
        pre_hook="{{ loyalty.delete_recomputed_member_orders(ref('int_customers_purchases_changed'), ref('int_loyalty_members_changed')) }}",
    ),
) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
-- depends_on: {{ ref('int_loyalty_members_changed') }}
{%- set last = loyalty.last_member_orders_computation(
    ref('int_customers_purchases_changed'), ref('int_loyalty_members_changed')) %}

with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

all_members as (
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

members as {{ loyalty.chosen_rows_cte() if last }} (
    {#- The memberships of the customers recomputed: the join below then
        windows only their orders. -#}
    select all_members.* from all_members
    {%- if last %}
    where {{ loyalty.is_logged_in_either(
        'all_members.customer_id', ref('int_customers_purchases_changed'), ref('int_loyalty_members_changed'), last.since) }}
    {%- endif %}
),

member_orders as (
    {#- Each member order with the spend on [d - 364, d]: a range frame over
        day numbers takes all of a day's orders at once (they are peers), so
        the order of same-day orders cannot change a sum. -#}
    select
        orders.order_id,
        orders.customer_id,
        members.program,
        orders.ordered_date,
        orders.amount,
        members.enrolled_date,
        members.cancelled_date,
        sum(orders.amount) over (
            partition by orders.customer_id
            order by {{ loyalty.day_number('orders.ordered_date') }}
            range between 364 preceding and current row
        ) as qualifying_spend
    from orders
    inner join members
        on orders.customer_id = members.customer_id
),

final as (
    select
        member_orders.order_id,
        member_orders.customer_id,
        member_orders.program,
        member_orders.ordered_date,
        {{ loyalty.period_start('member_orders.ordered_date', 'month') }} as month_start,
        member_orders.amount,
        cast(
            case
                when programs.earns_points
                    then {{ loyalty.points_for_amount('member_orders.amount', 'tiers.points_per_currency_unit') }}
                else 0
            end as {{ dbt.type_bigint() }}
        ) as expected_points,
        {{ loyalty.run_timestamp() }} as computed_at
    from member_orders
    inner join programs
        on member_orders.program = programs.program
    inner join tier_bands
        on {{ loyalty.in_tier_band('member_orders.qualifying_spend', 'tier_bands') }}
    inner join tiers
        on tier_bands.tier_name = tiers.tier_name
    {# Filtered here, not as a boolean column of member_orders: DuckDB then
        runs the joins above on member days only (twice as fast at 1 M). #}
    where {{ loyalty.is_member_on('member_orders', 'member_orders.ordered_date') }}
)

select * from final
