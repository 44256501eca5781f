{#- Every period of every grain (month, quarter, year) from the period
    holding the first event date through the period holding as_of_date
    (docs/metrics.md, Notation). int_periods keeps the reporting grains,
    int_months the months. Up to 10,000 periods per grain. -#}
{%- set months_per_period = {'month': 1, 'quarter': 3, 'year': 12} -%}
with

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

digits as (
    {%- for digit in range(10) %}
    select {{ digit }} as digit
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

period_offsets as (
    {#- 0 .. 9,999 from cross joins: portable (no generate_series, no
        recursive CTE on Spark). -#}
    select thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + units.digit as period_offset
    from digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as units
),

{% for grain, months in months_per_period.items() %}
{{ grain }}_periods as (
    select
        '{{ grain }}' as period_grain,
        {{ loyalty.add_months(loyalty.period_start('reporting_window.first_event_date', grain),
            'period_offsets.period_offset * ' ~ months) }} as period_start,
        {{ loyalty.period_end(loyalty.add_months(loyalty.period_start('reporting_window.first_event_date', grain),
            'period_offsets.period_offset * ' ~ months), grain) }} as period_end,
        reporting_window.as_of_date
    from reporting_window
    cross join period_offsets
),

{% endfor -%}

periods as (
    {%- for grain in months_per_period %}
    select * from {{ grain }}_periods
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        {{ loyalty.add_days('periods.period_start', -1) }} as start_day,
        case when periods.period_end <= periods.as_of_date then periods.period_end else periods.as_of_date end as end_day,
        periods.period_end <= periods.as_of_date as is_complete_period
    from periods
    where periods.period_start <= periods.as_of_date
)

select * from final
