{#- One row per period of every grain in var reporting_grains, from the period
    holding the first event date through the period holding as_of_date
    (docs/metrics.md, Notation). -#}
with

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

{% for grain in loyalty.reporting_grains() %}
{{ grain }}_periods as (
    {{ loyalty.period_spine('reporting_window', grain) }}
),

{% endfor -%}

final as (
    {%- for grain in loyalty.reporting_grains() %}
    select
        '{{ grain }}' as period_grain,
        {{ grain }}_periods.period_start,
        {{ grain }}_periods.period_end,
        {{ grain }}_periods.start_day,
        {{ grain }}_periods.end_day,
        {{ grain }}_periods.is_complete_period
    from {{ grain }}_periods
    {%- if not loop.last %}

    union all
    {% endif -%}
    {% endfor %}
)

select * from final
