{#- One row per period (of every grain in reporting_grains) and customer active at its start
    (on p_start - 1) or at its end (on p_end, or as_of_date in the incomplete
    last period), per docs/metrics.md section 3 and 4, with whether the customer's first
    activity date lies in the period. The building block of
    retention_by_period and loyalty_program_impact. Incremental
    (docs/decisions.md, "Daily runs"): a build recomputes every period of the
    customers whose orders or subscriptions changed, and every customer's
    rows of the periods a move of as_of_date reaches
    (macros/utils/recomputed_activity.sql). -#}
{{ config(**loyalty.recomputed_rows_config(
    pre_hook="{{ loyalty.delete_recomputed_activity(ref('int_customers_purchases_changed'), ref('int_customers_subscriptions_changed'), ref('int_reporting_window')) }}",
)) }}
-- depends_on: {{ ref('int_customers_purchases_changed') }}
-- depends_on: {{ ref('int_customers_subscriptions_changed') }}
{%- set last = loyalty.last_activity_computation(
    ref('int_customers_purchases_changed'), ref('int_customers_subscriptions_changed'), ref('int_reporting_window')) %}

with

periods as (
    select * from {{ ref('int_periods') }}
),

intervals as (
    select * from {{ ref('int_customers_activity_intervals') }}
),

first_activity as (
    select * from {{ ref('int_customers_first_activity') }}
),

{% if last -%}
periods_for_everyone as (
    {#- The periods whose rows a move of as_of_date can change, for every customer. -#}
    select periods.* from periods
    where {{ loyalty.is_period_moved_by_as_of_date('periods.period_grain', 'periods.period_start', last, ref('int_reporting_window')) }}
),

periods_for_recomputed as (
    select periods.* from periods
    where not {{ loyalty.is_period_moved_by_as_of_date('periods.period_grain', 'periods.period_start', last, ref('int_reporting_window')) }}
),

recomputed_intervals as {{ loyalty.chosen_rows_cte() }} (
    {#- The other periods, for the customers whose activity changed. -#}
    select intervals.* from intervals
    where {{ loyalty.is_logged_in_either(
        'intervals.customer_id', ref('int_customers_purchases_changed'), ref('int_customers_subscriptions_changed'), last.since) }}
),
{%- set computed_pairs = [('periods_for_everyone', 'intervals'), ('periods_for_recomputed', 'recomputed_intervals')] %}
{%- else %}
{%- set computed_pairs = [('periods', 'intervals')] %}
{%- endif %}

{% for day in ['start', 'end'] -%}
active_at_{{ day }} as (
    {%- for period_rows, interval_rows in computed_pairs %}
    select
        {{ period_rows }}.period_grain,
        {{ period_rows }}.period_start,
        {{ interval_rows }}.customer_id
    from {{ period_rows }}
    inner join {{ interval_rows }}
        on {{ loyalty.is_active_on(interval_rows, period_rows ~ '.' ~ day ~ '_day') }}
    {%- if not loop.last %}

    union all
    {% endif %}
    {%- endfor %}
),

{% endfor -%}
customer_periods as (
    select
        coalesce(active_at_start.period_grain, active_at_end.period_grain) as period_grain,
        coalesce(active_at_start.period_start, active_at_end.period_start) as period_start,
        coalesce(active_at_start.customer_id, active_at_end.customer_id) as customer_id,
        active_at_start.customer_id is not null as is_active_at_start,
        active_at_end.customer_id is not null as is_active_at_end
    from active_at_start
    full outer join active_at_end
        on
            active_at_start.period_grain = active_at_end.period_grain
            and active_at_start.period_start = active_at_end.period_start
            and active_at_start.customer_id = active_at_end.customer_id
),

classified as (
    select
        customer_periods.period_grain,
        customer_periods.period_start,
        customer_periods.customer_id,
        customer_periods.is_active_at_start,
        customer_periods.is_active_at_end,
        coalesce(
            first_activity.first_activity_date >= periods.period_start
            and first_activity.first_activity_date <= periods.period_end,
            false
        ) as is_first_active_in_period
    from customer_periods
    inner join periods
        on
            customer_periods.period_grain = periods.period_grain
            and customer_periods.period_start = periods.period_start
    left join first_activity
        on customer_periods.customer_id = first_activity.customer_id
),

final as (
    select
        classified.period_grain,
        classified.period_start,
        classified.customer_id,
        classified.is_active_at_start,
        classified.is_active_at_end,
        classified.is_first_active_in_period,
        {{ loyalty.run_timestamp() }} as computed_at
    from classified
)

select * from final
