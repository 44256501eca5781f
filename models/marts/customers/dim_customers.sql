{#- Columns the pass_through_columns var adds to the customers are not in
    the YAML contract, so the contract is enforced only without them. -#}
{{ config(contract={'enforced': loyalty.pass_through_names('customers') | length == 0}) }}

with

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

orders as (
    select * from {{ ref('int_orders_completed') }}
),

purchases as (
    select * from {{ ref('int_customers_purchases') }}
),

intervals as (
    select * from {{ ref('int_customers_activity_intervals') }}
),

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

responses as (
    select * from {{ ref('stg_loyalty__survey_responses') }}
),

tier_bands as (
    select * from {{ ref('int_tier_bands') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

active_on_as_of as (
    select distinct intervals.customer_id
    from intervals
    cross join reporting_window
    where {{ loyalty.is_active_on('intervals', 'reporting_window.as_of_date') }}
),

members_on_as_of as (
    select members.customer_id
    from members
    cross join reporting_window
    where {{ loyalty.is_member_on('members', 'reporting_window.as_of_date') }}
),

recent_spend as (
    {#- Summed per customer before the join with the customers: DuckDB
        otherwise joins 6.8 M orders with them and then groups 1 M rows. -#}
    select
        orders.customer_id,
        sum(orders.amount) as qualifying_spend
    from orders
    cross join reporting_window
    where orders.ordered_date >= {{ loyalty.add_days('reporting_window.as_of_date', -364) }}
    group by orders.customer_id
),

qualifying_spend as (
    select
        customers.customer_id,
        coalesce(recent_spend.qualifying_spend, 0) as qualifying_spend
    from customers
    left join recent_spend
        on customers.customer_id = recent_spend.customer_id
),

current_tiers as (
    select
        qualifying_spend.customer_id,
        qualifying_spend.qualifying_spend,
        tier_bands.tier_name,
        tier_bands.tier_rank
    from qualifying_spend
    left join tier_bands
        on {{ loyalty.in_tier_band('qualifying_spend.qualifying_spend', 'tier_bands') }}
),

ranked_responses as (
    {#- Latest answer per customer and survey: greatest responded_at, ties
        to the greatest response_id (docs/metrics.md section 7), up to as_of_date. -#}
    select
        responses.customer_id,
        responses.survey_type,
        responses.score,
        row_number() over (
            partition by responses.customer_id, responses.survey_type
            order by responses.responded_at desc, {{ loyalty.binary_order('responses.response_id') }} desc
        ) as recency_rank
    from responses
    cross join reporting_window
    where
        responses.customer_id is not null
        and responses.responded_date <= reporting_window.as_of_date
),

latest_scores as (
    select
        ranked_responses.customer_id,
        max(case when ranked_responses.survey_type = 'nps' then ranked_responses.score end) as latest_nps_score,
        max(case when ranked_responses.survey_type = 'csat' then ranked_responses.score end) as latest_csat_score,
        max(case when ranked_responses.survey_type = 'ces' then ranked_responses.score end) as latest_ces_score
    from ranked_responses
    where ranked_responses.recency_rank = 1
    group by ranked_responses.customer_id
),

final as (
    select
        customers.customer_id,
        customers.country,
        customers.acquisition_channel,
        current_tiers.tier_name as current_tier,
        {{ loyalty.nps_category('latest_scores.latest_nps_score') }} as latest_nps_category,
        cast(coalesce(purchases.order_count, 0) as {{ dbt.type_bigint() }}) as completed_orders,
        cast(coalesce(purchases.revenue, 0) as {{ loyalty.type_money_total() }}) as revenue,
        {{ loyalty.safe_divide('purchases.revenue', 'purchases.order_count') }} as average_order_value,
        cast(coalesce(purchases.category_count, 0) as {{ dbt.type_bigint() }}) as categories_bought,
        cast(current_tiers.qualifying_spend as {{ loyalty.type_money_total() }}) as qualifying_spend,
        cast(current_tiers.tier_rank as integer) as current_tier_rank,
        cast(latest_scores.latest_nps_score as integer) as latest_nps_score,
        cast(latest_scores.latest_csat_score as integer) as latest_csat_score,
        cast(latest_scores.latest_ces_score as integer) as latest_ces_score,
        active_on_as_of.customer_id is not null as is_active,
        coalesce(purchases.order_count, 0) >= 2 as is_repeat_purchaser,
        members_on_as_of.customer_id is not null as is_member,
        customers.signup_date,
        purchases.first_order_date,
        purchases.last_order_date,
        {{ loyalty.pass_through_select('customers', 'customers') }}
        customers.signup_at
    from customers
    left join purchases
        on customers.customer_id = purchases.customer_id
    left join active_on_as_of
        on customers.customer_id = active_on_as_of.customer_id
    left join members_on_as_of
        on customers.customer_id = members_on_as_of.customer_id
    left join current_tiers
        on customers.customer_id = current_tiers.customer_id
    left join latest_scores
        on customers.customer_id = latest_scores.customer_id
)

select * from final
