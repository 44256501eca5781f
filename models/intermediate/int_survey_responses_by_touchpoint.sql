{#- Each counted survey response (staged, dated on or before as_of_date,
    anonymous ones included) once under touchpoint `all` and once more under
    its own touchpoint when it has one (docs/metrics.md section 7), for every
    grain in var reporting_grains with its period. Recomputed by response in
    an incremental build (docs/decisions.md, "Daily runs";
    last_computation). -#}
{{ config(enabled=loyalty.using('surveys'), **loyalty.recomputed_rows_config(
    pre_hook="{{ loyalty.delete_recomputed_responses(ref('int_customers_purchases_changed'), ref('int_reporting_window'), ref('base_loyalty__survey_responses'), ref('stg_loyalty__survey_responses')) }}",
)) }}
-- depends_on: {{ ref('base_loyalty__survey_responses') }}
{%- set last = loyalty.last_computation(ref('int_customers_purchases_changed'), 'response') %}
with

responses as (
    select * from {{ ref('stg_loyalty__survey_responses') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

recomputed_responses as (
    select responses.* from responses
    {%- if last %}
    where {{ loyalty.is_recomputed_response(
        'responses.response_id', last, '(select window_now.as_of_date from ' ~ ref('int_reporting_window') ~ ' as window_now)',
        ref('base_loyalty__survey_responses'), ref('stg_loyalty__survey_responses')) }}
    {%- endif %}
),

counted as (
    select
        recomputed_responses.response_id,
        recomputed_responses.survey_type,
        recomputed_responses.touchpoint,
        recomputed_responses.score,
        recomputed_responses.responded_date
    from recomputed_responses
    cross join reporting_window
    where recomputed_responses.responded_date <= reporting_window.as_of_date
),

touchpoints as (
    select
        counted.response_id,
        counted.survey_type,
        'all' as touchpoint,
        counted.score,
        counted.responded_date
    from counted

    union all

    select
        counted.response_id,
        counted.survey_type,
        counted.touchpoint,
        counted.score,
        counted.responded_date
    from counted
    where counted.touchpoint is not null and counted.touchpoint <> 'all'
),

final as (
    {%- for grain in loyalty.reporting_grains() %}
    select
        touchpoints.response_id,
        touchpoints.survey_type,
        touchpoints.touchpoint,
        touchpoints.score,
        '{{ grain }}' as period_grain,
        {{ loyalty.period_start('touchpoints.responded_date', grain) }} as period_start,
        {{ loyalty.run_timestamp() }} as computed_at
    from touchpoints
    {%- if not loop.last %}

    union all
    {% endif -%}
    {% endfor %}
)

select * from final
