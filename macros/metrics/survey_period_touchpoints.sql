{#- The rows of a survey mart (docs/metrics.md section 7): touchpoint `all` for every
    period of `periods`, plus each (period, touchpoint) that had responses of
    `survey_type` in `responses` (int_survey_responses_by_touchpoint). -#}
{% macro survey_period_touchpoints(responses, periods, survey_type) -%}
    {%- if survey_type not in ('nps', 'csat', 'ces') -%}
        {{ exceptions.raise_compiler_error("survey_period_touchpoints: survey_type must be nps, csat or ces") }}
    {%- endif -%}
    select
        {{ periods }}.period_start,
        'all' as touchpoint
    from {{ periods }}

    union all

    select distinct
        {{ responses }}.period_start,
        {{ responses }}.touchpoint
    from {{ responses }}
    where {{ responses }}.survey_type = '{{ survey_type }}' and {{ responses }}.touchpoint <> 'all'
{%- endmacro %}
