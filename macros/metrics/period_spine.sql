{#- One row per period of `grain` from the period holding the first event
    date through the period holding as_of_date (docs/metrics.md, Notation),
    read from a relation with first_event_date and as_of_date
    (int_reporting_window). Columns: period_start, period_end, start_day
    (p_start - 1, where S is measured), end_day (p_end, or as_of_date in the
    incomplete last period), is_complete_period. Up to 10,000 periods. -#}
{% macro period_spine(window_relation, grain) -%}
    {%- if grain not in ('month', 'quarter', 'year') -%}
        {{ exceptions.raise_compiler_error("period_spine: grain must be month, quarter or year, got '" ~ grain ~ "'") }}
    {%- endif -%}
    select
        periods.period_start,
        periods.period_end,
        {{ loyalty.add_days('periods.period_start', -1) }} as start_day,
        case when periods.period_end <= periods.as_of_date then periods.period_end else periods.as_of_date end as end_day,
        periods.period_end <= periods.as_of_date as is_complete_period
    from (
        select
            {{ loyalty.add_months(loyalty.period_start('window_bounds.first_event_date', grain),
                'integers.n * ' ~ {'month': 1, 'quarter': 3, 'year': 12}[grain]) }} as period_start,
            {{ loyalty.period_end(loyalty.add_months(loyalty.period_start('window_bounds.first_event_date', grain),
                'integers.n * ' ~ {'month': 1, 'quarter': 3, 'year': 12}[grain]), grain) }} as period_end,
            window_bounds.as_of_date
        from {{ window_relation }} as window_bounds
        cross join {{ loyalty.integers(4) }} as integers
    ) as periods
    where periods.period_start <= periods.as_of_date
{%- endmacro %}
