{#- The SQL fit and forecasts (int_ltv_fit, int_ltv_forecasts_sql) beside
    the Python model's, per purchase-day summary, on DuckDB where both run:
    the relative difference of every forecast and parameter (0 when both
    are null, 1e300 when one is). -#}
{{ config(enabled=var('loyalty_macro_tests', false) and target.type == 'duckdb' and loyalty.using('ltv')) }}
{%- set columns = ['p_alive', 'expected_purchases', 'discounted_purchases', 'bgnbd_r', 'bgnbd_alpha', 'bgnbd_a',
                   'bgnbd_b', 'gg_p', 'gg_q', 'gg_gamma'] -%}
with

in_python as (
    select * from {{ ref('int_ltv_forecasts') }}
),

in_sql as (
    select * from {{ ref('int_ltv_forecasts_sql') }}
),

final as (
    select
        {%- for column in columns %}
        case
            when in_sql.{{ column }} is null and in_python.{{ column }} is null then 0.0
            else coalesce(
                abs(in_sql.{{ column }} - in_python.{{ column }}) / greatest(abs(in_python.{{ column }}), 1e-12),
                1e300
            )
        end as {{ column }}_difference,
        {%- endfor %}
        in_python.frequency,
        in_python.recency_days,
        in_python.age_days,
        in_python.model_status as python_model_status,
        in_sql.model_status as sql_model_status
    from in_python
    full outer join in_sql
        on
            in_python.frequency = in_sql.frequency
            and in_python.recency_days = in_sql.recency_days
            and in_python.age_days = in_sql.age_days
)

select * from final
