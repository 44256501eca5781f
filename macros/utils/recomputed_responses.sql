{#- int_survey_responses_by_touchpoint, recomputed by response
    (docs/decisions.md, "Daily runs"). A response's rows there depend on its
    staged row, as_of_date, reporting_grains and reporting_timezone only. A
    staged response changes only where its base row was checked (a check
    stages, rejects or swaps exactly those rows); as_of_date and the other
    inputs are in the builds' inputs rows of int_customers_purchases_changed
    (last_computation). -#}

{#- Whether a response is one an incremental build recomputes: a base row
    of it (`checked`, base_loyalty__survey_responses) was checked after
    `last.since`, or its staged row (`staged`) is dated between that build's
    as_of_date and this one's (`as_of_date`, an expression). -#}
{% macro is_recomputed_response(response_id, last, as_of_date, checked, staged) -%}
    (
        {{ response_id }} in (
            select checked.response_id from {{ checked }} as checked
            where checked.checked_at > {{ last.since }}
        )
        or {{ response_id }} in (
            select dated.response_id from {{ staged }} as dated
            where
                dated.responded_date > least({{ last.as_of_date }}, {{ as_of_date }})
                and dated.responded_date <= greatest({{ last.as_of_date }}, {{ as_of_date }})
        )
    )
{%- endmacro %}

{#- Pre-hook of int_survey_responses_by_touchpoint: the rows of the
    responses it recomputes go first; all rows when it computes every
    response. -#}
{% macro delete_recomputed_responses(changes, reporting_window, checked, staged) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set last = loyalty.last_computation(changes, 'response') -%}
    {%- if last is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_response(
        'response_id', last, '(select window_now.as_of_date from ' ~ reporting_window ~ ' as window_now)', checked, staged)) }}
{% endmacro %}
